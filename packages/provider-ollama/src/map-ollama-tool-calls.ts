import type { ToolCall } from "@oss-ai-agent-tool/core";
import { ollamaToolCallId } from "./ollama-ids.js";
import type { OllamaWireToolCall } from "./ollama-wire-types.js";

/** Ollama sends arguments as an object; some proxies send the JSON string instead. */
function serializeArguments(args: unknown): string {
  if (typeof args === "string") return args.trim() === "" ? "{}" : args;
  if (args == null) return "{}";
  return JSON.stringify(args);
}

/**
 * Maps Ollama tool calls to the contract's: arguments serialized as a JSON
 * string, the id kept when the server sent one and derived from the reply
 * (`seed`) and the call otherwise. `firstIndex` numbers calls that follow
 * earlier ones in the same stream. Pure.
 */
export function mapOllamaToolCalls(
  calls: readonly OllamaWireToolCall[] | null | undefined,
  seed: string,
  firstIndex = 0,
): ToolCall[] {
  return (calls ?? []).map((call, offset) => {
    const name = call.function?.name ?? "";
    const args = serializeArguments(call.function?.arguments);
    const id =
      typeof call.id === "string" && call.id !== ""
        ? call.id
        : ollamaToolCallId(seed, firstIndex + offset, name, args);
    return { id, name, arguments: args };
  });
}
