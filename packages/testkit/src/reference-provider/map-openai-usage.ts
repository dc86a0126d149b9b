import type { Usage } from "@oss-ai-agent-tool/core";
import type OpenAI from "openai";

/** Maps OpenAI usage, details included, to the contract's. Pure. */
export function mapOpenAIUsage(
  usage: OpenAI.CompletionUsage | null | undefined,
): Usage | undefined {
  if (!usage) return undefined;
  const cached = usage.prompt_tokens_details?.cached_tokens;
  const reasoning = usage.completion_tokens_details?.reasoning_tokens;
  return {
    promptTokens: usage.prompt_tokens,
    completionTokens: usage.completion_tokens,
    totalTokens: usage.total_tokens,
    ...(cached !== undefined ? { cachedPromptTokens: cached } : {}),
    ...(reasoning !== undefined ? { reasoningTokens: reasoning } : {}),
  };
}
