import type { TokenUsage } from "@aws-sdk/client-bedrock-runtime";
import type { Usage } from "@oss-ai-agent-tool/core";

/**
 * Maps Bedrock's token usage to the contract's. Bedrock's `inputTokens`
 * leaves out the prompt tokens read from or written to the prompt cache
 * (its `totalTokens` counts them), while the contract's `promptTokens`
 * includes them, as OpenAI's `prompt_tokens` does; so the cache counts are
 * added back and also reported as `cachedPromptTokens` and
 * `cacheWritePromptTokens`. Bedrock reports no reasoning-token count. Pure.
 */
export function mapBedrockUsage(usage: TokenUsage | undefined): Usage | undefined {
  if (!usage) return undefined;
  const cacheRead = usage.cacheReadInputTokens;
  const cacheWrite = usage.cacheWriteInputTokens;
  const promptTokens = (usage.inputTokens ?? 0) + (cacheRead ?? 0) + (cacheWrite ?? 0);
  const completionTokens = usage.outputTokens ?? 0;
  return {
    promptTokens,
    completionTokens,
    totalTokens: usage.totalTokens ?? promptTokens + completionTokens,
    ...(cacheRead !== undefined ? { cachedPromptTokens: cacheRead } : {}),
    ...(cacheWrite !== undefined ? { cacheWritePromptTokens: cacheWrite } : {}),
  };
}
