import type { ChatRequest, ResponseFormat, ToolChoice } from "@oss-ai-agent-tool/core";
import type OpenAI from "openai";
import { convertToOpenAIMessages } from "./convert-to-openai-messages.js";

type ChatParams = Omit<OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming, "stream">;

function toToolChoice(choice: ToolChoice): OpenAI.Chat.Completions.ChatCompletionToolChoiceOption {
  return typeof choice === "string"
    ? choice
    : { type: "function", function: { name: choice.name } };
}

function toResponseFormat(format: ResponseFormat): NonNullable<ChatParams["response_format"]> {
  if (format.type !== "json_schema") return { type: format.type };
  return {
    type: "json_schema",
    json_schema: {
      name: format.name,
      schema: format.schema,
      ...(format.description !== undefined ? { description: format.description } : {}),
      ...(format.strict !== undefined ? { strict: format.strict } : {}),
    },
  };
}

/**
 * Maps a contract request to chat-completions parameters, without `stream`.
 * `extra` (the request's `providerOptions` for this provider) is passed
 * through as body parameters the contract has no name for, such as
 * `frequency_penalty`; it fills in what the request leaves unset and never
 * overrides a mapped field. Pure.
 */
export function toOpenAIChatParams(
  req: ChatRequest,
  model: string,
  extra: { [key: string]: unknown } = {},
): ChatParams {
  return {
    ...extra,
    model,
    messages: convertToOpenAIMessages(req.messages),
    ...(req.temperature !== undefined ? { temperature: req.temperature } : {}),
    ...(req.topP !== undefined ? { top_p: req.topP } : {}),
    ...(req.maxTokens !== undefined ? { max_tokens: req.maxTokens } : {}),
    ...(req.stop !== undefined ? { stop: req.stop } : {}),
    ...(req.seed !== undefined ? { seed: req.seed } : {}),
    ...(req.user !== undefined ? { user: req.user } : {}),
    ...(req.tools?.length
      ? {
          tools: req.tools.map((t) => ({
            type: "function" as const,
            function: {
              name: t.name,
              parameters: t.parameters,
              ...(t.description ? { description: t.description } : {}),
              ...(t.strict !== undefined ? { strict: t.strict } : {}),
            },
          })),
        }
      : {}),
    ...(req.toolChoice !== undefined ? { tool_choice: toToolChoice(req.toolChoice) } : {}),
    ...(req.responseFormat ? { response_format: toResponseFormat(req.responseFormat) } : {}),
  };
}
