import type { EmbedResponse } from "@oss-ai-agent-tool/core";

/** An embeddings response as it arrives, before the SDK or we decode anything. */
export interface OpenAIEmbeddingsLike {
  model?: string;
  data: Array<{ index?: number; embedding: number[] | string }>;
  usage?: { prompt_tokens?: number; total_tokens?: number } | null;
}

/**
 * Decodes one embedding: a list of numbers as is, or base64 of
 * little-endian float32 values (`encoding_format: "base64"`). Pure.
 */
export function decodeOpenAIEmbedding(embedding: number[] | string): number[] {
  if (typeof embedding !== "string") return embedding;
  const bytes = Buffer.from(embedding, "base64");
  if (bytes.byteLength % 4 !== 0) {
    throw new TypeError(
      `a base64 embedding must hold whole float32 values (got ${bytes.byteLength} bytes)`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Array<number>(bytes.byteLength / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

/**
 * Maps an embeddings response to the contract's, vectors in input order
 * (sorted by `index`). Each vector is decoded by its shape, not by what was
 * asked for, because some OpenAI-compatible servers ignore
 * `encoding_format`. Pure.
 */
export function mapOpenAIEmbeddings(
  response: OpenAIEmbeddingsLike,
  provider: string,
  requestedModel: string,
): EmbedResponse {
  const ordered = [...response.data].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
  const prompt = response.usage?.prompt_tokens;
  return {
    provider,
    model: response.model || requestedModel,
    embeddings: ordered.map((item) => decodeOpenAIEmbedding(item.embedding)),
    ...(typeof prompt === "number"
      ? { usage: { promptTokens: prompt, totalTokens: response.usage?.total_tokens ?? prompt } }
      : {}),
  };
}
