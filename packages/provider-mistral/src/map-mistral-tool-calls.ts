import type { ToolCall as MistralToolCall } from "@mistralai/mistralai/models/components";
import type { ToolCall } from "@oss-ai-agent-tool/core";
import { normalizeToolArguments } from "./normalize-tool-arguments.js";

/**
 * The id of a Mistral tool call, if it has one. The SDK fills a missing id
 * with the string "null", which must not be taken for a real id.
 */
export function mistralToolCallId(call: Pick<MistralToolCall, "id">): string | undefined {
  return call.id && call.id !== "null" ? call.id : undefined;
}

/** Maps the tool calls of a non-streamed Mistral reply. Ids are kept; a missing one is synthesized. Pure. */
export function mapMistralToolCalls(calls: MistralToolCall[] | null | undefined): ToolCall[] {
  return (calls ?? []).map((call, index) => ({
    id: mistralToolCallId(call) ?? `call_${index}`,
    name: call.function.name,
    arguments: normalizeToolArguments(call.function.arguments),
  }));
}
