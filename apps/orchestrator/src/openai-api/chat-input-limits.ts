import type { ChatMessage, UserContentPart } from "@oss-ai-agent-tool/core";

/** Bounds on one chat request, checked before any provider is called. */
export interface ChatInputLimits {
  /** Most entries `messages` may have. */
  maxMessages: number;
  /**
   * Most characters of content across all messages: text, tool-call
   * arguments, reasoning, and image URLs or inline base64 data.
   */
  maxContentChars: number;
}

/**
 * Defaults generous enough for long agent sessions with a few inline images
 * (a 3 MB PNG is about 4 M base64 characters), small enough that one request
 * cannot make the gateway hold and re-serialize hundreds of megabytes.
 */
export const DEFAULT_CHAT_INPUT_LIMITS: Readonly<ChatInputLimits> = {
  maxMessages: 2_000,
  maxContentChars: 16_000_000,
};

function contentChars(content: string | readonly UserContentPart[] | null | undefined): number {
  if (content == null) return 0;
  if (typeof content === "string") return content.length;
  let total = 0;
  for (const part of content) {
    if (part.type === "text") total += part.text.length;
    else total += (part.data ?? part.url ?? "").length;
  }
  return total;
}

/** Characters of content in `messages`, as {@link ChatInputLimits.maxContentChars} counts them. */
export function countContentChars(messages: readonly ChatMessage[]): number {
  let total = 0;
  for (const message of messages) {
    total += contentChars(message.content);
    if (message.role === "assistant") {
      if (message.reasoning) total += message.reasoning.length;
      if (message.toolCalls) for (const call of message.toolCalls) total += call.arguments.length;
    }
  }
  return total;
}
