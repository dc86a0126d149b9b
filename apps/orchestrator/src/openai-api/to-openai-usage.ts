import type { Usage } from "@oss-ai-agent-tool/core";

/** OpenAI's `usage` object (the SDK's `CompletionUsage`) with the fields core can fill. */
export interface OpenAIUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens: number };
  completion_tokens_details?: { reasoning_tokens: number };
}

/**
 * Core {@link Usage} → OpenAI `usage`. The detail objects appear only when the
 * provider reported the count: a made-up zero would read as "no cache hit".
 * Cache writes (Anthropic) have no OpenAI field and are left out.
 */
export function toOpenAIUsage(usage: Usage): OpenAIUsage {
  const out: OpenAIUsage = {
    prompt_tokens: usage.promptTokens,
    completion_tokens: usage.completionTokens,
    total_tokens: usage.totalTokens,
  };
  if (usage.cachedPromptTokens !== undefined) {
    out.prompt_tokens_details = { cached_tokens: usage.cachedPromptTokens };
  }
  if (usage.reasoningTokens !== undefined) {
    out.completion_tokens_details = { reasoning_tokens: usage.reasoningTokens };
  }
  return out;
}
