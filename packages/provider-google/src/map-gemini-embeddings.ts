import type { EmbedContentResponse } from "@google/genai";
import type { EmbedResponse } from "@oss-ai-agent-tool/core";

/**
 * Maps a Gemini `batchEmbedContents` reply: one vector per input, in input
 * order (the API keeps the order of its requests). `promptTokens` is the
 * reply's `usageMetadata.promptTokenCount`, which the SDK does not pass on
 * and the provider reads from the raw reply; without it there is no usage.
 * Pure.
 */
export function mapGeminiEmbeddings(
  response: EmbedContentResponse,
  provider: string,
  model: string,
  promptTokens: number | undefined,
): EmbedResponse {
  return {
    provider,
    model,
    embeddings: (response.embeddings ?? []).map((embedding) => embedding.values ?? []),
    ...(promptTokens !== undefined ? { usage: { promptTokens, totalTokens: promptTokens } } : {}),
  };
}

/**
 * Reads `usageMetadata.promptTokenCount` from a raw embeddings reply body, if
 * it has one. Pure.
 */
export function readGeminiEmbeddingPromptTokens(body: unknown): number | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const usage = (body as { usageMetadata?: unknown }).usageMetadata;
  if (typeof usage !== "object" || usage === null) return undefined;
  const count = (usage as { promptTokenCount?: unknown }).promptTokenCount;
  return typeof count === "number" && Number.isFinite(count) ? count : undefined;
}
