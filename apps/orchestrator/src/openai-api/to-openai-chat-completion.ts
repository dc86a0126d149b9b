import type { ChatResponse, ToolCall } from "@oss-ai-agent-tool/core";
import { mapFinishReasonToOpenAI, type OpenAIFinishReason } from "./map-finish-reason-to-openai.js";
import { type OpenAIUsage, toOpenAIUsage } from "./to-openai-usage.js";

/** A tool call as OpenAI returns it. */
export interface OpenAIToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

/** The assistant message of a `chat.completion` choice. */
export interface OpenAIAssistantMessage {
  role: "assistant";
  /** `null` when the reply is only tool calls, as OpenAI sends it. */
  content: string | null;
  refusal: null;
  tool_calls?: OpenAIToolCall[];
  /**
   * Extension: the model's reasoning text, where the provider returns it.
   * `reasoning_content` is the field DeepSeek, vLLM, LiteLLM and others use
   * on this wire, so clients that show reasoning already read it; the
   * official SDKs keep unknown fields, and everyone else ignores it.
   */
  reasoning_content?: string;
}

/** One choice of a `chat.completion`; the gateway always answers with exactly one. */
export interface OpenAIChatCompletionChoice {
  index: number;
  message: OpenAIAssistantMessage;
  finish_reason: OpenAIFinishReason;
  logprobs: null;
}

/** A `chat.completion` object, assignable to the official SDK's `ChatCompletion`. */
export interface OpenAIChatCompletion {
  id: string;
  object: "chat.completion";
  created: number;
  model: string;
  choices: OpenAIChatCompletionChoice[];
  /** Present only when the provider reported usage. */
  usage?: OpenAIUsage;
}

/** How {@link toOpenAIChatCompletion} labels the reply. */
export interface ToOpenAIChatCompletionOptions {
  /** The model to report: what the client asked for, or `provider/model`. */
  model: string;
  /** Unix time in seconds. */
  created: number;
  /** Overrides the provider's response id, e.g. with the gateway's request id. */
  id?: string;
}

function toOpenAIToolCalls(calls: readonly ToolCall[]): OpenAIToolCall[] {
  const out = new Array<OpenAIToolCall>(calls.length);
  for (let i = 0; i < calls.length; i++) {
    const call = calls[i]!;
    out[i] = {
      id: call.id,
      type: "function",
      function: { name: call.name, arguments: call.arguments },
    };
  }
  return out;
}

/**
 * Core {@link ChatResponse} → OpenAI `chat.completion`.
 *
 * Which provider answered and its raw finish reason are deliberately not
 * added to the body: every extra field becomes a compatibility promise, the
 * provider is known before the reply (a response header is the place for it),
 * and the raw reason is debugging data that belongs in logs.
 */
export function toOpenAIChatCompletion(
  res: ChatResponse,
  opts: ToOpenAIChatCompletionOptions,
): OpenAIChatCompletion {
  const hasToolCalls = res.toolCalls !== undefined && res.toolCalls.length > 0;
  const message: OpenAIAssistantMessage = {
    role: "assistant",
    content: res.output.length === 0 && hasToolCalls ? null : res.output,
    refusal: null,
  };
  if (hasToolCalls) message.tool_calls = toOpenAIToolCalls(res.toolCalls!);
  if (res.reasoning) message.reasoning_content = res.reasoning;

  const completion: OpenAIChatCompletion = {
    id: opts.id ?? res.id,
    object: "chat.completion",
    created: opts.created,
    model: opts.model,
    choices: [
      {
        index: 0,
        message,
        finish_reason: mapFinishReasonToOpenAI(res.finishReason),
        logprobs: null,
      },
    ],
  };
  if (res.usage) completion.usage = toOpenAIUsage(res.usage);
  return completion;
}
