import type { Usage } from "@oss-ai-agent-tool/core";

/** The counts Ollama puts on its final chunk. */
export interface OllamaCounts {
  prompt_eval_count?: number | null;
  eval_count?: number | null;
}

function count(value: number | null | undefined): number | undefined {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/**
 * Maps Ollama's counts to the contract's usage: `prompt_eval_count` is the
 * prompt, `eval_count` the completion. Ollama leaves a count out when it is
 * zero (a prompt served entirely from its cache has none), so a missing one
 * counts as 0; with both missing there is no usage. Ollama reports neither
 * cached nor reasoning tokens separately (thinking is inside `eval_count`). Pure.
 */
export function mapOllamaUsage(counts: OllamaCounts | null | undefined): Usage | undefined {
  const prompt = count(counts?.prompt_eval_count);
  const completion = count(counts?.eval_count);
  if (prompt === undefined && completion === undefined) return undefined;
  const promptTokens = prompt ?? 0;
  const completionTokens = completion ?? 0;
  return { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens };
}
