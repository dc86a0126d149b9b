import type { FinishReason } from "@oss-ai-agent-tool/core";

/**
 * Maps Ollama's `done_reason` to the contract's. Ollama reports a turn that
 * ends in tool calls as `stop`, so the calls decide: with any, the reason is
 * `tool_calls`. `load` and `unload` (a request that only loaded or unloaded
 * the model) are `other`. A final chunk without `done_reason` (servers before
 * it existed) ended normally. Pure.
 */
export function mapOllamaFinishReason(
  raw: string | null | undefined,
  hasToolCalls = false,
): FinishReason {
  if (hasToolCalls && (raw === "stop" || raw == null || raw === "")) return "tool_calls";
  switch (raw) {
    case undefined:
    case null:
    case "":
    case "stop":
      return "stop";
    case "length":
      return "length";
    default:
      return "other";
  }
}
