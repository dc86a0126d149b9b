import type { GenerateContentResponseUsageMetadata } from "@google/genai";
import type { Usage } from "@oss-ai-agent-tool/core";

/**
 * Maps Gemini's `usageMetadata`. Prompt tokens include those of tool-use
 * results (`toolUsePromptTokenCount`); completion tokens include the
 * thinking tokens (`thoughtsTokenCount`), which are billed as output, and
 * which are also reported as `reasoningTokens`; prompt-cache hits
 * (`cachedContentTokenCount`) are `cachedPromptTokens`. Metadata that holds
 * no counts at all (Vertex sends `{ trafficType }` alone mid-stream) is no
 * usage. Pure.
 */
export function mapGeminiUsage(
  usage: GenerateContentResponseUsageMetadata | null | undefined,
): Usage | undefined {
  if (!usage) return undefined;
  const counted =
    usage.promptTokenCount !== undefined ||
    usage.candidatesTokenCount !== undefined ||
    usage.totalTokenCount !== undefined;
  if (!counted) return undefined;
  const thoughts = usage.thoughtsTokenCount;
  const promptTokens = (usage.promptTokenCount ?? 0) + (usage.toolUsePromptTokenCount ?? 0);
  const completionTokens = (usage.candidatesTokenCount ?? 0) + (thoughts ?? 0);
  return {
    promptTokens,
    completionTokens,
    totalTokens: usage.totalTokenCount ?? promptTokens + completionTokens,
    ...(usage.cachedContentTokenCount !== undefined
      ? { cachedPromptTokens: usage.cachedContentTokenCount }
      : {}),
    ...(thoughts !== undefined ? { reasoningTokens: thoughts } : {}),
  };
}
