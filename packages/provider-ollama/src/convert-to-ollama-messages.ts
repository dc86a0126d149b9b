import type { ChatMessage, TextPart, ToolCall } from "@oss-ai-agent-tool/core";
import { invalidRequestError } from "./invalid-request-error.js";
import type { OllamaWireMessage, OllamaWireToolCall } from "./ollama-wire-types.js";
import { toOllamaImage } from "./to-ollama-image.js";

function joinText(content: string | TextPart[] | null | undefined): string {
  if (content == null) return "";
  return typeof content === "string" ? content : content.map((p) => p.text).join("");
}

/** Ollama takes arguments as an object; the contract carries them as a JSON string. */
function parseArguments(call: ToolCall): Record<string, unknown> {
  const text = call.arguments.trim() === "" ? "{}" : call.arguments;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalidRequestError(`the arguments of tool call "${call.id}" are not valid JSON`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw invalidRequestError(`the arguments of tool call "${call.id}" are not a JSON object`);
  }
  return value as Record<string, unknown>;
}

function toWireToolCall(call: ToolCall): OllamaWireToolCall {
  return { id: call.id, function: { name: call.name, arguments: parseArguments(call) } };
}

/**
 * Maps contract messages to Ollama `/api/chat` messages. Text parts are
 * concatenated; image parts become `images` (bytes, see `toOllamaImage`);
 * tool-call arguments become objects; a tool result carries `tool_name`
 * (older servers match results by name) and `tool_call_id` (newer ones match
 * by id). The tool name comes from the message, else from the assistant call
 * it answers. Earlier reasoning goes back as `thinking`. Pure.
 *
 * @throws {ProviderError} 400 `invalid_request` for URL images or arguments that are not a JSON object.
 */
export function convertToOllamaMessages(messages: ChatMessage[]): OllamaWireMessage[] {
  const toolNames = new Map<string, string>();
  for (const message of messages) {
    if (message.role !== "assistant") continue;
    for (const call of message.toolCalls ?? []) toolNames.set(call.id, call.name);
  }
  return messages.map((message): OllamaWireMessage => {
    switch (message.role) {
      case "system":
        return { role: "system", content: joinText(message.content) };
      case "user": {
        if (typeof message.content === "string") return { role: "user", content: message.content };
        const text = message.content.flatMap((p) => (p.type === "text" ? [p.text] : []));
        const images = message.content.flatMap((p) =>
          p.type === "image" ? [toOllamaImage(p)] : [],
        );
        return {
          role: "user",
          content: text.join(""),
          ...(images.length > 0 ? { images } : {}),
        };
      }
      case "assistant":
        return {
          role: "assistant",
          content: joinText(message.content),
          ...(message.reasoning ? { thinking: message.reasoning } : {}),
          ...(message.toolCalls?.length
            ? { tool_calls: message.toolCalls.map(toWireToolCall) }
            : {}),
        };
      default: {
        const name = message.name ?? toolNames.get(message.toolCallId);
        return {
          role: "tool",
          content: joinText(message.content),
          tool_call_id: message.toolCallId,
          ...(name ? { tool_name: name } : {}),
        };
      }
    }
  });
}
