import type { ChatMessage, ImagePart, TextPart, UserContentPart } from "@oss-ai-agent-tool/core";
import type OpenAI from "openai";
import { InvalidChatRequestError } from "./invalid-chat-request-error.js";

/** One chat-completions message. */
export type OpenAIMessage = OpenAI.Chat.Completions.ChatCompletionMessageParam;
type OpenAIUserPart = OpenAI.Chat.Completions.ChatCompletionContentPart;

// Text parts are contiguous pieces of one text: concatenating them is exact,
// and a plain string is what every OpenAI-compatible server accepts.
function joinText(content: string | TextPart[] | null | undefined): string {
  if (content == null) return "";
  return typeof content === "string" ? content : content.map((part) => part.text).join("");
}

/** The `image_url.url` for an image part: an http(s) or `data:` URL. */
function imageUrl(part: ImagePart, where: string): string {
  if (part.url !== undefined) {
    // Anything else (file:, ftp:, a bare path) would ask the upstream to fetch
    // something it cannot reach, or leak a local path.
    if (/^https?:\/\//i.test(part.url) || /^data:[^,]*;base64,/i.test(part.url)) return part.url;
    throw new InvalidChatRequestError(
      "an image URL must be an http(s) URL or a base64 data: URL",
      `${where}.url`,
    );
  }
  if (part.data === undefined || part.data.length === 0) {
    throw new InvalidChatRequestError("an image part needs either url or data", where);
  }
  if (!part.mediaType) {
    throw new InvalidChatRequestError(
      "an image part with data needs its mediaType (e.g. image/png)",
      `${where}.mediaType`,
    );
  }
  return `data:${part.mediaType};base64,${part.data}`;
}

function convertUserPart(part: UserContentPart, where: string): OpenAIUserPart {
  if (part.type === "text") return { type: "text", text: part.text };
  return {
    type: "image_url",
    image_url: {
      url: imageUrl(part, where),
      ...(part.detail !== undefined ? { detail: part.detail } : {}),
    },
  };
}

/**
 * Maps contract messages to chat-completions messages. Pure.
 *
 * - System, assistant and tool text parts are joined into one string.
 * - User parts keep their order; images become `image_url` parts (http(s)
 *   URL, `data:` URL, or `data` + `mediaType` turned into a `data:` URL) with
 *   `detail` when given.
 * - Assistant tool calls become `tool_calls`; a turn with only tool calls
 *   sends `content: null`. Earlier reasoning text is not sent: chat
 *   completions has no field for it.
 *
 * @throws {InvalidChatRequestError} for an image that cannot be sent.
 */
export function convertToOpenAIMessages(messages: readonly ChatMessage[]): OpenAIMessage[] {
  return messages.map((message, index): OpenAIMessage => {
    switch (message.role) {
      case "system":
        return { role: "system", content: joinText(message.content) };
      case "user":
        return {
          role: "user",
          content:
            typeof message.content === "string"
              ? message.content
              : message.content.map((part, i) =>
                  convertUserPart(part, `messages[${index}].content[${i}]`),
                ),
          ...(message.name ? { name: message.name } : {}),
        };
      case "assistant": {
        const toolCalls = message.toolCalls ?? [];
        const text = joinText(message.content);
        return {
          role: "assistant",
          content: text.length === 0 && toolCalls.length > 0 ? null : text,
          ...(toolCalls.length > 0
            ? {
                tool_calls: toolCalls.map((call) => ({
                  id: call.id,
                  type: "function" as const,
                  function: { name: call.name, arguments: call.arguments || "{}" },
                })),
              }
            : {}),
        };
      }
      case "tool":
        return {
          role: "tool",
          tool_call_id: message.toolCallId,
          content: joinText(message.content),
        };
      default:
        throw new InvalidChatRequestError(
          `unknown message role "${(message as { role?: unknown }).role}"`,
          `messages[${index}].role`,
        );
    }
  });
}
