import type { Usage } from "@oss-ai-agent-tool/core";

/**
 * The usage fields Anthropic reports, as the Messages reply (`usage`) and the
 * stream (`message_start.message.usage`, `message_delta.usage`) carry them.
 * Any of them may be absent or `null`.
 */
export interface AnthropicUsageLike {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  output_tokens_details?: { thinking_tokens?: number | null } | null;
}

function count(value: number | null | undefined): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/**
 * Maps Anthropic usage to the contract's. Anthropic's `input_tokens` counts
 * only the prompt tokens after the last cache breakpoint; cache reads and
 * writes are counted apart. So that `promptTokens` means what it means for
 * every other provider (all prompt tokens processed, cached ones included),
 * it is the sum of the three, with `cachedPromptTokens` (cache reads) and
 * `cacheWritePromptTokens` (cache writes) as its parts. `reasoningTokens` is
 * `output_tokens_details.thinking_tokens`, part of `completionTokens` as it
 * is of `output_tokens`. `totalTokens` is prompt plus completion. Pure.
 */
export function mapAnthropicUsage(usage: AnthropicUsageLike | null | undefined): Usage | undefined {
  if (!usage) return undefined;
  const input = count(usage.input_tokens) ?? 0;
  const cacheRead = count(usage.cache_read_input_tokens);
  const cacheWrite = count(usage.cache_creation_input_tokens);
  const reasoning = count(usage.output_tokens_details?.thinking_tokens);
  const promptTokens = input + (cacheRead ?? 0) + (cacheWrite ?? 0);
  const completionTokens = count(usage.output_tokens) ?? 0;
  return {
    promptTokens,
    completionTokens,
    totalTokens: promptTokens + completionTokens,
    ...(cacheRead !== undefined ? { cachedPromptTokens: cacheRead } : {}),
    ...(cacheWrite !== undefined ? { cacheWritePromptTokens: cacheWrite } : {}),
    ...(reasoning !== undefined ? { reasoningTokens: reasoning } : {}),
  };
}

/**
 * Merges the usage a stream reports in pieces: `message_start` has the input
 * side, `message_delta` the final output count and, on newer API versions,
 * final input and cache counts too. A later non-null field wins. Pure.
 */
export function mergeAnthropicUsage(
  base: AnthropicUsageLike | undefined,
  update: AnthropicUsageLike | null | undefined,
): AnthropicUsageLike | undefined {
  if (!update) return base;
  const merged: AnthropicUsageLike = { ...base };
  for (const key of [
    "input_tokens",
    "output_tokens",
    "cache_creation_input_tokens",
    "cache_read_input_tokens",
  ] as const) {
    const value = update[key];
    if (value != null) merged[key] = value;
  }
  if (update.output_tokens_details != null)
    merged.output_tokens_details = update.output_tokens_details;
  return merged;
}
