import type { ChatRequest } from "@oss-ai-agent-tool/core";
import type OpenAI from "openai";
import { convertToOpenAIMessages } from "./convert-to-openai-messages.js";
import type { UnsupportedParameter } from "./find-unsupported-parameters.js";
import { isOpenAIReasoningModel } from "./is-openai-reasoning-model.js";
import { toOpenAIResponseFormat } from "./to-openai-response-format.js";
import { toOpenAIToolChoice, toOpenAITools } from "./to-openai-tools.js";

/** Chat-completions parameters without `stream`, which the caller adds. */
export type OpenAIChatParams = Omit<
  OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming,
  "stream"
>;

/** Options of {@link toOpenAIChatParams}. */
export interface OpenAIChatParamsOptions {
  /**
   * Body parameters the contract has no name for (`frequency_penalty`,
   * `reasoning_effort`, OpenRouter's `provider`): they fill in what the
   * request leaves unset and never replace a mapped field.
   */
  extra?: { [key: string]: unknown };
  /** Use the reasoning-model mapping. Default: {@link isOpenAIReasoningModel} of `model`. */
  reasoning?: boolean;
  /** Body parameters to leave out, mapped or extra, as found by `findUnsupportedParameters`. */
  omit?: readonly UnsupportedParameter[];
}

/**
 * Maps a contract request to chat-completions parameters for `model` (the
 * id sent on the wire). Pure.
 *
 * `maxTokens` goes out as `max_tokens`, or as `max_completion_tokens` for a
 * reasoning model (which rejects `max_tokens`). temperature, top_p, stop,
 * seed and user keep OpenAI's names; tools carry `strict`; the response
 * format maps to `response_format`.
 *
 * @throws {InvalidChatRequestError} for a message that cannot be sent.
 */
export function toOpenAIChatParams(
  req: ChatRequest,
  model: string,
  options: OpenAIChatParamsOptions = {},
): OpenAIChatParams {
  const reasoning = options.reasoning ?? isOpenAIReasoningModel(model);
  const omit = new Set<string>(options.omit ?? []);
  const extra = { ...options.extra };
  for (const name of omit) delete extra[name];
  return {
    ...extra,
    model,
    messages: convertToOpenAIMessages(req.messages),
    ...(req.temperature !== undefined && !omit.has("temperature")
      ? { temperature: req.temperature }
      : {}),
    ...(req.topP !== undefined && !omit.has("top_p") ? { top_p: req.topP } : {}),
    ...(req.maxTokens !== undefined
      ? reasoning
        ? { max_completion_tokens: req.maxTokens }
        : { max_tokens: req.maxTokens }
      : {}),
    ...(req.stop !== undefined ? { stop: req.stop } : {}),
    ...(req.seed !== undefined ? { seed: req.seed } : {}),
    ...(req.user !== undefined ? { user: req.user } : {}),
    ...(req.tools?.length ? { tools: toOpenAITools(req.tools) } : {}),
    ...(req.toolChoice !== undefined ? { tool_choice: toOpenAIToolChoice(req.toolChoice) } : {}),
    ...(req.responseFormat ? { response_format: toOpenAIResponseFormat(req.responseFormat) } : {}),
  };
}
