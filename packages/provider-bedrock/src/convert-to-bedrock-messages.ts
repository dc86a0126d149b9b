import type {
  ContentBlock,
  Message,
  SystemContentBlock,
  ToolResultContentBlock,
} from "@aws-sdk/client-bedrock-runtime";
import type { ChatMessage, TextPart, ToolCall } from "@oss-ai-agent-tool/core";
import type { DocumentType } from "@smithy/types";
import { invalidBedrockRequest } from "./bedrock-errors.js";
import { toBedrockImage } from "./to-bedrock-image.js";

/** A Converse conversation: the system blocks and the alternating messages. */
export interface BedrockConversation {
  system: SystemContentBlock[];
  messages: Message[];
}

/** How tool results are sent. `auto`: a JSON object as a `json` block, anything else as `text`. */
export type ToolResultFormat = "auto" | "text";

function textBlocks(content: string | TextPart[] | null | undefined): ContentBlock[] {
  if (content == null) return [];
  const parts = typeof content === "string" ? [content] : content.map((p) => p.text);
  return parts.filter((text) => text !== "").map((text) => ({ text }));
}

function joinText(content: string | TextPart[]): string {
  return typeof content === "string" ? content : content.map((p) => p.text).join("");
}

/** A tool call's arguments as the object Bedrock's `toolUse.input` takes. */
function toolInput(call: ToolCall, where: string): DocumentType {
  if (call.arguments.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(call.arguments);
  } catch {
    throw invalidBedrockRequest(`${where}: tool call "${call.id}" has arguments that are not JSON`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw invalidBedrockRequest(
      `${where}: tool call "${call.id}" has arguments that are not a JSON object`,
    );
  }
  return value as DocumentType;
}

function toolResultContent(text: string, format: ToolResultFormat): ToolResultContentBlock[] {
  if (format === "auto" && text.trimStart().startsWith("{")) {
    try {
      const value: unknown = JSON.parse(text);
      if (typeof value === "object" && value !== null && !Array.isArray(value)) {
        return [{ json: value as DocumentType }];
      }
    } catch {
      // Not JSON after all: sent as text below.
    }
  }
  return [{ text }];
}

function convertOne(
  message: Exclude<ChatMessage, { role: "system" }>,
  where: string,
  toolResults: ToolResultFormat,
): Message | undefined {
  switch (message.role) {
    case "user": {
      const content: ContentBlock[] =
        typeof message.content === "string"
          ? [{ text: message.content }]
          : message.content.map((part, j) =>
              part.type === "text"
                ? { text: part.text }
                : toBedrockImage(part, `${where}.content[${j}]`),
            );
      return { role: "user", content };
    }
    case "assistant": {
      const content: ContentBlock[] = [
        ...textBlocks(message.content),
        ...(message.toolCalls ?? []).map(
          (call): ContentBlock => ({
            toolUse: { toolUseId: call.id, name: call.name, input: toolInput(call, where) },
          }),
        ),
      ];
      // Bedrock rejects a message without content; an empty turn says nothing anyway.
      return content.length > 0 ? { role: "assistant", content } : undefined;
    }
    default:
      return {
        role: "user",
        content: [
          {
            toolResult: {
              toolUseId: message.toolCallId,
              content: toolResultContent(joinText(message.content), toolResults),
            },
          },
        ],
      };
  }
}

/**
 * Maps contract messages to a Converse conversation.
 *
 * - System messages, wherever they stand, become `system` text blocks in order.
 * - Tool results become `toolResult` blocks of a user turn. Their `status` is
 *   not sent: the contract has no error flag, and only some models take it.
 * - Consecutive messages of the same role are merged into one, because
 *   Bedrock requires user and assistant turns to alternate (several tool
 *   results after one assistant turn form a single user turn).
 * - An assistant's earlier `reasoning` is dropped: Claude on Bedrock wants it
 *   back only with its signature, which the contract does not carry. A
 *   user's `name` is dropped too; Converse has no field for it.
 *
 * Pure; throws a 400 `ProviderError` for what Bedrock cannot take.
 */
export function convertToBedrockMessages(
  messages: readonly ChatMessage[],
  options: { toolResults?: ToolResultFormat } = {},
): BedrockConversation {
  const system: SystemContentBlock[] = [];
  const out: Message[] = [];
  for (const [i, message] of messages.entries()) {
    if (message.role === "system") {
      for (const block of textBlocks(message.content)) system.push({ text: block.text ?? "" });
      continue;
    }
    const converted = convertOne(message, `messages[${i}]`, options.toolResults ?? "auto");
    if (!converted) continue;
    const last = out.at(-1);
    if (last && last.role === converted.role) {
      last.content = [...(last.content ?? []), ...(converted.content ?? [])];
    } else {
      out.push(converted);
    }
  }
  return { system, messages: out };
}
