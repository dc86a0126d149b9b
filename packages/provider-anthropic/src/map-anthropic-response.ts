import type { Message } from "@anthropic-ai/sdk/resources/messages";
import type { ChatResponse, ToolCall } from "@oss-ai-agent-tool/core";
import { invalidResponseError } from "./anthropic-errors.js";
import { mapAnthropicFinishReason } from "./map-anthropic-finish-reason.js";
import { JSON_RESPONSE_TOOL_NAME } from "./map-anthropic-response-format.js";
import { mapAnthropicUsage } from "./map-anthropic-usage.js";

/** Options of {@link mapAnthropicResponse}. */
export interface MapAnthropicResponseOptions {
  /** The request was `json_object`: the forced `json` tool's input is the reply text. */
  jsonTool?: boolean;
}

/** Serializes a `tool_use` input as the contract's arguments string ("{}" for none). */
export function toolInputToArguments(input: unknown): string {
  if (input === undefined || input === null) return "{}";
  return JSON.stringify(input);
}

/**
 * Maps a Messages API reply to the contract. Text blocks are joined into
 * `output`; `thinking` blocks into `reasoning` (their `signature`, and
 * `redacted_thinking` blocks, have no place in the contract and are not
 * returned); `tool_use` blocks become tool calls with their `input` as a JSON
 * string. Server-tool blocks (web search, code execution) ran upstream and
 * carry no reply text, so they are skipped. Pure.
 *
 * @throws {ProviderError} 502 `invalid_response` for a reply that is not a message.
 */
export function mapAnthropicResponse(
  message: Message,
  provider: string,
  options: MapAnthropicResponseOptions = {},
): ChatResponse {
  if (typeof message !== "object" || message === null || !Array.isArray(message.content)) {
    throw invalidResponseError(provider, new Error("the reply has no content array"));
  }
  let output = "";
  let reasoning = "";
  const toolCalls: ToolCall[] = [];
  let jsonAnswered = false;
  for (const block of message.content) {
    if (block.type === "text") output += block.text;
    else if (block.type === "thinking") reasoning += block.thinking;
    else if (block.type === "tool_use") {
      if (options.jsonTool && block.name === JSON_RESPONSE_TOOL_NAME) {
        output += toolInputToArguments(block.input);
        jsonAnswered = true;
      } else {
        toolCalls.push({
          id: block.id,
          name: block.name,
          arguments: toolInputToArguments(block.input),
        });
      }
    }
  }
  const raw = message.stop_reason ?? undefined;
  // The forced json tool ends the turn with tool_use, but the client asked for a reply.
  const finishReason =
    jsonAnswered && raw === "tool_use" && toolCalls.length === 0
      ? "stop"
      : mapAnthropicFinishReason(raw);
  const usage = mapAnthropicUsage(message.usage);
  return {
    id: message.id,
    provider,
    model: message.model,
    output,
    ...(toolCalls.length > 0 ? { toolCalls } : {}),
    finishReason,
    ...(raw !== undefined ? { rawFinishReason: raw } : {}),
    ...(usage ? { usage } : {}),
    ...(reasoning ? { reasoning } : {}),
  };
}
