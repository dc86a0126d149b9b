/** Why the model stopped, normalized across providers. */
export type FinishReason = "stop" | "length" | "tool_calls" | "content_filter" | "error" | "other";

/** Every normalized finish reason, for validation and exhaustive tests. */
export const FINISH_REASONS: readonly FinishReason[] = [
  "stop",
  "length",
  "tool_calls",
  "content_filter",
  "error",
  "other",
];
