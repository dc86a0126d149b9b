/** Token counts for one call. Optional fields are set only where the provider reports them. */
export interface Usage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  /** Prompt tokens served from the provider's prompt cache. */
  cachedPromptTokens?: number;
  /** Prompt tokens written to the provider's prompt cache (Anthropic). */
  cacheWritePromptTokens?: number;
  /** Completion tokens spent on hidden reasoning. */
  reasoningTokens?: number;
}
