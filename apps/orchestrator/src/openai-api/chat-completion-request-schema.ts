import type { ChatRequest } from "@oss-ai-agent-tool/core";
import { z } from "zod";
import { chatMessageSchema } from "./chat-message-schema.js";
import { inferToolMessageNames } from "./infer-tool-message-names.js";
import {
  OPENAI_PASSTHROUGH_PARAMS,
  type OpenAIPassthroughParam,
} from "./openai-passthrough-params.js";
import { responseFormatSchema } from "./response-format-schema.js";
import { toolChoiceSchema, toolDefinitionSchema } from "./tool-schemas.js";

/** A core chat request without `model`: the router resolves the model and sets it. */
export type ChatRequestWithoutModel = Omit<ChatRequest, "model">;

/** A `POST /v1/chat/completions` body, validated and mapped to the provider-neutral contract. */
export interface ParsedChatCompletionRequest {
  /** The model as the client named it (an alias, `provider/model`, ...), for the router to resolve. */
  model: string;
  request: ChatRequestWithoutModel;
  stream: boolean;
  /** `stream_options.include_usage`: send a final usage chunk. Always false without `stream`. */
  includeUsage: boolean;
  /**
   * The provider-specific OpenAI parameters that were set (see
   * `OPENAI_PASSTHROUGH_PARAMS`), snake_case keys and values as sent; `null`
   * values are left out since they mean "not set".
   */
  passthrough: Record<string, unknown>;
}

const passthroughShape = Object.fromEntries(
  OPENAI_PASSTHROUGH_PARAMS.map((key) => [key, z.unknown().optional()]),
) as Record<OpenAIPassthroughParam, z.ZodOptional<z.ZodUnknown>>;

const legacy = (replacement: string) =>
  z.null({ error: `the legacy parameter is not supported; use ${replacement}` }).optional();

// Every optional parameter is nullish: the OpenAI API treats `null` as "not set",
// and clients (LangChain, hand-written JSON) send it.
const bodySchema = z.strictObject({
  model: z.string().min(1),
  messages: z.array(chatMessageSchema).min(1),
  tools: z.array(toolDefinitionSchema).nullish(),
  tool_choice: toolChoiceSchema.nullish(),
  response_format: responseFormatSchema.nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  max_tokens: z.int().positive().nullish(),
  max_completion_tokens: z.int().positive().nullish(),
  stop: z
    .union([z.string(), z.array(z.string()).max(4)], {
      error: "expected a string or an array of up to 4 strings",
    })
    .nullish(),
  seed: z.int().nullish(),
  n: z.literal(1, { error: "only n=1 is supported" }).nullish(),
  user: z.string().nullish(),
  stream: z.boolean().nullish(),
  stream_options: z
    .object({ include_usage: z.boolean().nullish(), include_obfuscation: z.boolean().nullish() })
    .nullish(),
  /** Extension: options for one provider, keyed by provider id (core `providerOptions`). */
  provider_options: z.record(z.string(), z.record(z.string(), z.unknown())).nullish(),
  functions: legacy("tools"),
  function_call: legacy("tool_choice"),
  ...passthroughShape,
});

type Body = z.output<typeof bodySchema>;

function toParsed(body: Body, ctx: z.core.$RefinementCtx<Body>): ParsedChatCompletionRequest {
  const stream = body.stream === true;
  if (body.stream_options != null && !stream) {
    ctx.issues.push({
      code: "custom",
      message: "is only allowed when stream is true",
      input: body.stream_options,
      path: ["stream_options"],
    });
    return z.NEVER;
  }

  const tools = body.tools != null && body.tools.length > 0 ? body.tools : undefined;
  let toolChoice = body.tool_choice ?? undefined;
  if (toolChoice !== undefined && tools === undefined) {
    if (toolChoice === "required" || typeof toolChoice === "object") {
      ctx.issues.push({
        code: "custom",
        message: "requires tools",
        input: body.tool_choice,
        path: ["tool_choice"],
      });
      return z.NEVER;
    }
    // "auto" and "none" mean the same as nothing when there are no tools, and
    // some providers refuse a tool choice without tools.
    toolChoice = undefined;
  } else if (typeof toolChoice === "object" && tools !== undefined) {
    const name = toolChoice.name;
    if (!tools.some((tool) => tool.name === name)) {
      ctx.issues.push({
        code: "custom",
        message: `no tool named ${JSON.stringify(name)} in tools`,
        input: name,
        path: ["tool_choice", "function", "name"],
      });
      return z.NEVER;
    }
  }

  const messages = body.messages;
  inferToolMessageNames(messages);
  const request: ChatRequestWithoutModel = { messages };
  if (tools !== undefined) request.tools = tools;
  if (toolChoice !== undefined) request.toolChoice = toolChoice;
  if (body.response_format != null) request.responseFormat = body.response_format;
  if (body.temperature != null) request.temperature = body.temperature;
  if (body.top_p != null) request.topP = body.top_p;
  const maxTokens = body.max_completion_tokens ?? body.max_tokens;
  if (maxTokens != null) request.maxTokens = maxTokens;
  if (body.stop != null && body.stop.length > 0) request.stop = body.stop;
  if (body.seed != null) request.seed = body.seed;
  if (body.user != null) request.user = body.user;
  if (body.provider_options != null) request.providerOptions = body.provider_options;

  const passthrough: Record<string, unknown> = {};
  for (const key of OPENAI_PASSTHROUGH_PARAMS) {
    const value = body[key];
    if (value != null) passthrough[key] = value;
  }

  return {
    model: body.model,
    request,
    stream,
    includeUsage: stream && body.stream_options?.include_usage === true,
    passthrough,
  };
}

/**
 * The body of `POST /v1/chat/completions` as OpenAI documents it, parsed
 * straight into a {@link ParsedChatCompletionRequest} in one pass. Unknown
 * top-level keys are refused by name; message objects tolerate extra fields.
 * Parse it with `OPENAI_PARSE_OPTIONS` for OpenAI-style messages, or call
 * `fromOpenAIChatRequest`, which also applies input limits.
 */
export const chatCompletionRequestSchema = bodySchema.transform(toParsed);
