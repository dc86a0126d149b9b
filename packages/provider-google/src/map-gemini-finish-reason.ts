import type { FinishReason } from "@oss-ai-agent-tool/core";

// Safety, recitation and policy blocks: the reply was cut or withheld on purpose.
const CONTENT_FILTER = new Set([
  "SAFETY",
  "RECITATION",
  "BLOCKLIST",
  "PROHIBITED_CONTENT",
  "SPII",
  "IMAGE_SAFETY",
  "IMAGE_PROHIBITED_CONTENT",
  "IMAGE_RECITATION",
  "MODEL_ARMOR",
  "JAILBREAK",
]);

// The model failed at its own job: a broken or unexpected function call.
const ERROR = new Set([
  "MALFORMED_FUNCTION_CALL",
  "UNEXPECTED_TOOL_CALL",
  "TOO_MANY_TOOL_CALLS",
  "MISSING_THOUGHT_SIGNATURE",
  "MALFORMED_RESPONSE",
]);

/**
 * Maps a Gemini finish reason (or a prompt's `blockReason`) to the
 * contract's. Gemini ends a turn of function calls with `STOP`, so `STOP`
 * with calls is `tool_calls`; a missing reason with calls is too. Safety and
 * policy blocks are `content_filter`; malformed or unexpected function calls
 * are `error`; `LANGUAGE`, `OTHER` and anything unknown are `other`. Pure.
 */
export function mapGeminiFinishReason(
  raw: string | null | undefined,
  hasToolCalls: boolean,
): FinishReason {
  if (raw === "STOP" || raw == null) return hasToolCalls ? "tool_calls" : raw ? "stop" : "other";
  if (raw === "MAX_TOKENS") return "length";
  if (CONTENT_FILTER.has(raw)) return "content_filter";
  if (ERROR.has(raw)) return "error";
  return "other";
}
