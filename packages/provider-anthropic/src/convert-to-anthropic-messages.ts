import type {
  AssistantMessageParam,
  ContentBlockParam,
  TextBlockParam,
  UserMessageParam,
} from "@anthropic-ai/sdk/resources/messages";
import type { ChatMessage, TextPart } from "@oss-ai-agent-tool/core";
import { convertToAnthropicImage } from "./convert-to-anthropic-image.js";
import { InvalidAnthropicRequestError } from "./invalid-anthropic-request-error.js";
import { parseToolArguments } from "./parse-tool-arguments.js";

/** A user or assistant turn of an Anthropic request. */
export type AnthropicTurn = UserMessageParam | AssistantMessageParam;

/** Contract messages in Anthropic's shape: a top-level `system` and alternating turns. */
export interface AnthropicMessages {
  /** The system messages' text, one block per message; absent when there is none. */
  system?: TextBlockParam[];
  messages: AnthropicTurn[];
}

function textOf(content: string | TextPart[] | null | undefined): string {
  if (content == null) return "";
  return typeof content === "string" ? content : content.map((part) => part.text).join("");
}

// Anthropic rejects empty text blocks, so an empty string adds no block.
function textBlocks(content: string | TextPart[] | null | undefined): TextBlockParam[] {
  if (content == null) return [];
  const parts = typeof content === "string" ? [content] : content.map((part) => part.text);
  return parts.filter((text) => text.length > 0).map((text) => ({ type: "text", text }));
}

/** One turn before merging: its role and its blocks. */
interface Turn {
  role: "user" | "assistant";
  content: ContentBlockParam[];
}

function toTurn(message: Exclude<ChatMessage, { role: "system" }>, index: number): Turn {
  const param = `messages[${index}]`;
  switch (message.role) {
    case "user": {
      if (typeof message.content === "string") {
        return { role: "user", content: textBlocks(message.content) };
      }
      const content: ContentBlockParam[] = [];
      message.content.forEach((part, i) => {
        if (part.type === "text") content.push(...textBlocks(part.text));
        else content.push(convertToAnthropicImage(part, `${param}.content[${i}]`));
      });
      return { role: "user", content };
    }
    case "assistant": {
      const content: ContentBlockParam[] = textBlocks(message.content);
      (message.toolCalls ?? []).forEach((call, i) => {
        content.push({
          type: "tool_use",
          id: call.id,
          name: call.name,
          input: parseToolArguments(call.arguments, `${param}.toolCalls[${i}].arguments`),
        });
      });
      return { role: "assistant", content };
    }
    default: {
      const text = textOf(message.content);
      return {
        role: "user",
        content: [
          {
            type: "tool_result",
            tool_use_id: message.toolCallId,
            ...(text.length > 0 ? { content: text } : {}),
          },
        ],
      };
    }
  }
}

// Anthropic wants a turn's tool results before any other block of it.
function toolResultsFirst(content: ContentBlockParam[]): ContentBlockParam[] {
  const results = content.filter((block) => block.type === "tool_result");
  if (results.length === 0 || results.length === content.length) return content;
  return [...results, ...content.filter((block) => block.type !== "tool_result")];
}

/**
 * Maps contract messages to Anthropic's Messages API shape. Pure.
 *
 * - System messages, wherever they are, become the top-level `system`, one
 *   text block each, in order.
 * - Tool results become `tool_result` blocks of a `user` turn, and consecutive
 *   turns of the same role are merged, so a tool message followed by a user
 *   message is one user turn (tool results first), as Anthropic's alternating
 *   roles require.
 * - Tool calls become `tool_use` blocks with their arguments parsed into
 *   `input`; images become `url` or `base64` sources.
 * - Empty text adds no block, and a turn left with no block is dropped.
 *   A user's `name` and an assistant's earlier `reasoning` are not sent:
 *   Anthropic has no field for the first, and the second would need the
 *   thinking block's signature, which the contract does not carry.
 *
 * @throws {InvalidAnthropicRequestError} for tool arguments that are not a
 *   JSON object, an unusable image, or a conversation with no turn left.
 */
export function convertToAnthropicMessages(messages: ChatMessage[]): AnthropicMessages {
  const system: TextBlockParam[] = [];
  const turns: Turn[] = [];
  messages.forEach((message, index) => {
    if (message.role === "system") {
      system.push(...textBlocks(message.content));
      return;
    }
    const turn = toTurn(message, index);
    if (turn.content.length === 0) return;
    const last = turns.at(-1);
    if (last && last.role === turn.role) last.content.push(...turn.content);
    else turns.push(turn);
  });
  if (turns.length === 0) {
    throw new InvalidAnthropicRequestError(
      "Anthropic needs at least one user or assistant message with content",
      "messages",
    );
  }
  return {
    ...(system.length > 0 ? { system } : {}),
    messages: turns.map((turn) => ({
      role: turn.role,
      content: turn.role === "user" ? toolResultsFirst(turn.content) : turn.content,
    })),
  };
}
