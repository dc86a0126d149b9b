import type { FinishReason } from "@oss-ai-agent-tool/core";

const FINISH_REASONS: Readonly<Record<string, FinishReason>> = {
  end_turn: "stop",
  stop_sequence: "stop",
  max_tokens: "length",
  model_context_window_exceeded: "length",
  tool_use: "tool_calls",
  refusal: "content_filter",
  pause_turn: "other",
};

/**
 * Maps Anthropic's `stop_reason`: `end_turn` and `stop_sequence` → `stop`,
 * `max_tokens` and `model_context_window_exceeded` → `length`, `tool_use` →
 * `tool_calls`, `refusal` → `content_filter`, `pause_turn` (a server tool
 * paused a long turn) and anything unknown → `other`. Pure.
 */
export function mapAnthropicFinishReason(reason: string | null | undefined): FinishReason {
  if (!reason) return "other";
  return FINISH_REASONS[reason] ?? "other";
}
