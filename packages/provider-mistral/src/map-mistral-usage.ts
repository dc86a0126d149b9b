import type { UsageInfo } from "@mistralai/mistralai/models/components";
import type { Usage } from "@oss-ai-agent-tool/core";

function cachedTokensOf(usage: UsageInfo): number | undefined {
  // The SDK keeps fields it has no name for under their wire (snake_case) names.
  const details = usage.prompt_tokens_details;
  if (typeof details !== "object" || details === null) return undefined;
  const cached = (details as { cached_tokens?: unknown }).cached_tokens;
  return typeof cached === "number" ? cached : undefined;
}

/**
 * Maps Mistral usage to the contract's, with prompt-cache hits
 * (`prompt_tokens_details.cached_tokens`) where Mistral reports them. Pure.
 */
export function mapMistralUsage(usage: UsageInfo | null | undefined): Usage | undefined {
  if (!usage) return undefined;
  const promptTokens = usage.promptTokens ?? 0;
  const completionTokens = usage.completionTokens ?? 0;
  const cached = cachedTokensOf(usage);
  return {
    promptTokens,
    completionTokens,
    totalTokens: usage.totalTokens ?? promptTokens + completionTokens,
    ...(cached !== undefined ? { cachedPromptTokens: cached } : {}),
  };
}
