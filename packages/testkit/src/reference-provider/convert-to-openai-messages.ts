import type { ChatMessage, TextPart, UserContentPart } from "@oss-ai-agent-tool/core";
import type OpenAI from "openai";

type OpenAIMessage = OpenAI.Chat.Completions.ChatCompletionMessageParam;
type OpenAIUserPart = OpenAI.Chat.Completions.ChatCompletionContentPart;

function joinText(content: string | TextPart[] | null | undefined): string {
  if (content == null) return "";
  return typeof content === "string" ? content : content.map((p) => p.text).join("");
}

function convertUserPart(part: UserContentPart): OpenAIUserPart {
  if (part.type === "text") return { type: "text", text: part.text };
  const url = part.url ?? `data:${part.mediaType ?? "image/png"};base64,${part.data ?? ""}`;
  return { type: "image_url", image_url: { url, ...(part.detail ? { detail: part.detail } : {}) } };
}

/** Maps contract messages to OpenAI chat-completions messages. Pure. */
export function convertToOpenAIMessages(messages: ChatMessage[]): OpenAIMessage[] {
  return messages.map((message): OpenAIMessage => {
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
          ...(message.name ? { name: message.name } : {}),
        };
      case "assistant":
        return {
          role: "assistant",
          content: message.content == null ? null : joinText(message.content),
          ...(message.toolCalls?.length
            ? {
                tool_calls: message.toolCalls.map((call) => ({
                  id: call.id,
                  type: "function" as const,
                  function: { name: call.name, arguments: call.arguments },
                })),
              }
            : {}),
        };
      default:
        return {
          role: "tool",
          tool_call_id: message.toolCallId,
          content: joinText(message.content),
        };
    }
  });
}
