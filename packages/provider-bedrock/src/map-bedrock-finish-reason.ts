import type { FinishReason } from "@oss-ai-agent-tool/core";

const REASONS: Readonly<Record<string, FinishReason>> = {
  end_turn: "stop",
  stop_sequence: "stop",
  max_tokens: "length",
  model_context_window_exceeded: "length",
  tool_use: "tool_calls",
  guardrail_intervened: "content_filter",
  content_filtered: "content_filter",
  malformed_model_output: "error",
  malformed_tool_use: "error",
};

/**
 * Maps a Converse `stopReason` to the contract's finish reason: `end_turn`
 * and `stop_sequence` → `stop`; `max_tokens` and
 * `model_context_window_exceeded` → `length`; `tool_use` → `tool_calls`;
 * `guardrail_intervened` and `content_filtered` → `content_filter`;
 * `malformed_model_output` and `malformed_tool_use` → `error`; anything else
 * (a reason added later) → `other`. Pure.
 */
export function mapBedrockFinishReason(stopReason: string | undefined): FinishReason {
  return (stopReason !== undefined ? REASONS[stopReason] : undefined) ?? "other";
}
