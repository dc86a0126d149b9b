import type { Usage } from "@oss-ai-agent-tool/core";

/**
 * The usage object of a chat completion or chunk, loosely typed: the
 * OpenAI-compatible servers this maps for leave fields out or send `null`.
 */
export interface OpenAIUsageLike {
  prompt_tokens?: number | null;
  completion_tokens?: number | null;
  total_tokens?: number | null;
  /** `cache_write_tokens` is what OpenRouter reports for models with explicit prompt caching. */
  prompt_tokens_details?: {
    cached_tokens?: number | null;
    cache_write_tokens?: number | null;
  } | null;
  completion_tokens_details?: { reasoning_tokens?: number | null } | null;
}

const count = (value: unknown): number | undefined =>
  typeof value === "number" && Number.isFinite(value) ? value : undefined;

/**
 * Maps chat-completions usage to the contract's. Pure.
 * `prompt_tokens_details.cached_tokens` becomes `cachedPromptTokens` and
 * `prompt_tokens_details.cache_write_tokens` becomes `cacheWritePromptTokens`,
 * `completion_tokens_details.reasoning_tokens` becomes `reasoningTokens`,
 * each only when reported (a reported 0 is kept). A missing total is the
 * sum of the two counts.
 */
export function mapOpenAIUsage(usage: OpenAIUsageLike | null | undefined): Usage | undefined {
  if (!usage) return undefined;
  const promptTokens = count(usage.prompt_tokens) ?? 0;
  const completionTokens = count(usage.completion_tokens) ?? 0;
  const cached = count(usage.prompt_tokens_details?.cached_tokens);
  const cacheWrite = count(usage.prompt_tokens_details?.cache_write_tokens);
  const reasoning = count(usage.completion_tokens_details?.reasoning_tokens);
  return {
    promptTokens,
    completionTokens,
    totalTokens: count(usage.total_tokens) ?? promptTokens + completionTokens,
    ...(cached !== undefined ? { cachedPromptTokens: cached } : {}),
    ...(cacheWrite !== undefined ? { cacheWritePromptTokens: cacheWrite } : {}),
    ...(reasoning !== undefined ? { reasoningTokens: reasoning } : {}),
  };
}
