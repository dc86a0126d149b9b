import type {
  ChatCompletionRequest,
  ContentChunk,
  ToolCall as MistralToolCall,
} from "@mistralai/mistralai/models/components";
import type { ChatMessage, TextPart, UserContentPart } from "@oss-ai-agent-tool/core";

/** One message of a Mistral chat request, as the SDK types it (camelCase). */
export type MistralMessage = ChatCompletionRequest["messages"][number];

function joinText(content: string | TextPart[] | null | undefined): string {
  if (content == null) return "";
  return typeof content === "string" ? content : content.map((p) => p.text).join("");
}

function toImageUrl(part: Extract<UserContentPart, { type: "image" }>): string {
  if (part.url) return part.url;
  // Mistral takes inline images as data URLs in the same field.
  return `data:${part.mediaType ?? "image/png"};base64,${part.data ?? ""}`;
}

function convertUserPart(part: UserContentPart): ContentChunk {
  if (part.type === "text") return { type: "text", text: part.text };
  const url = toImageUrl(part);
  return {
    type: "image_url",
    imageUrl: part.detail ? { url, detail: part.detail } : url,
  };
}

function convertToolCalls(
  calls: NonNullable<Extract<ChatMessage, { role: "assistant" }>["toolCalls"]>,
): MistralToolCall[] {
  return calls.map((call, index) => ({
    id: call.id,
    type: "function",
    function: { name: call.name, arguments: call.arguments },
    index,
  }));
}

/**
 * Maps contract messages to Mistral chat messages. A user's `name` and an
 * assistant's earlier `reasoning` are dropped: Mistral has no field for the
 * first and does not need the second echoed back. Pure.
 */
export function convertToMistralMessages(messages: ChatMessage[]): MistralMessage[] {
  return messages.map((message): MistralMessage => {
    switch (message.role) {
      case "system":
        return { role: "system", content: joinText(message.content) };
      case "user":
        return {
          role: "user",
          content:
            typeof message.content === "string"
              ? message.content
              : message.content.map(convertUserPart),
        };
      case "assistant":
        return {
          role: "assistant",
          // Mistral rejects an assistant turn whose content is null and accepts "" next to tool calls.
          content: joinText(message.content),
          ...(message.toolCalls?.length ? { toolCalls: convertToolCalls(message.toolCalls) } : {}),
        };
      default:
        return {
          role: "tool",
          toolCallId: message.toolCallId,
          content: joinText(message.content),
          ...(message.name ? { name: message.name } : {}),
        };
    }
  });
}
