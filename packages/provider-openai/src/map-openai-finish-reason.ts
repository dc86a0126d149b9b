import type { FinishReason } from "@oss-ai-agent-tool/core";

/**
 * Maps a chat-completions finish reason to the contract's. Pure.
 * `function_call` is the legacy name for `tool_calls`; `error` is what some
 * OpenAI-compatible routers report for a failed generation; anything else
 * (including none) is `other`. Callers keep the raw value beside it.
 */
export function mapOpenAIFinishReason(raw: string | null | undefined): FinishReason {
  switch (raw) {
    case "stop":
      return "stop";
    case "length":
      return "length";
    case "tool_calls":
    case "function_call":
      return "tool_calls";
    case "content_filter":
      return "content_filter";
    case "error":
      return "error";
    default:
      return "other";
  }
}
