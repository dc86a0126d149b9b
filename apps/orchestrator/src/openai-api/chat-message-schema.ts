import type {
  AssistantMessage,
  ChatMessage,
  SystemMessage,
  ToolMessage,
  UserMessage,
} from "@oss-ai-agent-tool/core";
import { z } from "zod";
import {
  assistantContentSchema,
  textContentSchema,
  userContentSchema,
} from "./content-part-schemas.js";
import { toolCallSchema } from "./tool-schemas.js";

// Unknown fields on a message are stripped, not rejected: clients append the
// previous reply's message object as it came back (`refusal`, `annotations`,
// `audio`: null ...), and OpenAI accepts that.

const toSystem = (value: { content: SystemMessage["content"] }): SystemMessage => ({
  role: "system",
  content: value.content,
});

const systemMessageSchema = z
  .object({ role: z.literal("system"), content: textContentSchema })
  .transform(toSystem);

/** `developer` is OpenAI's newer name for `system` on reasoning models; providers know only `system`. */
const developerMessageSchema = z
  .object({ role: z.literal("developer"), content: textContentSchema })
  .transform(toSystem);

const userMessageSchema = z
  .object({ role: z.literal("user"), content: userContentSchema, name: z.string().nullish() })
  .transform((value): UserMessage => {
    const message: UserMessage = { role: "user", content: value.content };
    if (value.name != null) message.name = value.name;
    return message;
  });

const assistantMessageSchema = z
  .object({
    role: z.literal("assistant"),
    content: assistantContentSchema.nullish(),
    refusal: z.string().nullish(),
    tool_calls: z.array(toolCallSchema).nullish(),
    /** Our own reply extension, echoed back by clients that keep the whole message. */
    reasoning_content: z.string().nullish(),
    function_call: z
      .null({ error: "legacy function_call is not supported; send tool_calls instead" })
      .optional(),
  })
  .transform((value, ctx): AssistantMessage => {
    // An echoed refusal has `content: null` and the text in `refusal`.
    const content = value.content ?? value.refusal ?? undefined;
    const toolCalls = value.tool_calls;
    const hasToolCalls = toolCalls != null && toolCalls.length > 0;
    if (content === undefined && !hasToolCalls) {
      ctx.issues.push({
        code: "custom",
        message: "is required unless tool_calls is set",
        input: value.content,
        path: ["content"],
      });
      return z.NEVER;
    }
    const message: AssistantMessage = { role: "assistant", content: content ?? null };
    if (hasToolCalls) message.toolCalls = toolCalls;
    if (value.reasoning_content) message.reasoning = value.reasoning_content;
    return message;
  });

const toolMessageSchema = z
  .object({
    role: z.literal("tool"),
    tool_call_id: z.string().min(1),
    content: textContentSchema,
  })
  .transform(
    (value): ToolMessage => ({
      role: "tool",
      toolCallId: value.tool_call_id,
      content: value.content,
    }),
  );

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/**
 * One entry of `messages` → core {@link ChatMessage}. The role picks the
 * shape; `developer` becomes `system`; the legacy `function` role is refused
 * with a pointer to `tool`.
 */
export const chatMessageSchema = z.discriminatedUnion(
  "role",
  [
    systemMessageSchema,
    developerMessageSchema,
    userMessageSchema,
    assistantMessageSchema,
    toolMessageSchema,
  ],
  {
    error: (issue) =>
      issue.code === "invalid_union" && isRecord(issue.input) && issue.input.role === "function"
        ? 'the legacy "function" role is not supported; send role "tool" with tool_call_id'
        : undefined,
  },
);
