import type { FinishReason } from "@oss-ai-agent-tool/core";

/**
 * Maps a Mistral finish reason to the contract's. `model_length` (the
 * model's context window ran out) is a kind of `length`; `error` means the
 * model failed while generating. Pure.
 */
export function mapMistralFinishReason(raw: string | null | undefined): FinishReason {
  switch (raw) {
    case "stop":
      return "stop";
    case "length":
    case "model_length":
      return "length";
    case "tool_calls":
      return "tool_calls";
    case "error":
      return "error";
    default:
      return "other";
  }
}
