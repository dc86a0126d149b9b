import type { FinishReason } from "@oss-ai-agent-tool/core";

/** The finish reasons an OpenAI client knows (the SDK's `function_call` is legacy and never sent). */
export type OpenAIFinishReason = "stop" | "length" | "tool_calls" | "content_filter";

/**
 * Core finish reason → OpenAI's. `error` and `other` become `stop`: OpenAI's
 * set has no such values and typed clients (the SDKs' enums, pydantic
 * literals) can fail on one they do not know. A reply that reaches this
 * mapper was delivered, so "stopped" is true; a real failure travels as a
 * `ProviderError` instead, and the provider's own reason stays in
 * `ChatResponse.rawFinishReason` for logs.
 */
export function mapFinishReasonToOpenAI(reason: FinishReason): OpenAIFinishReason {
  switch (reason) {
    case "stop":
    case "length":
    case "tool_calls":
    case "content_filter":
      return reason;
    case "error":
    case "other":
      return "stop";
  }
}
