import type { ChatRequest } from "@oss-ai-agent-tool/core";
import type { Tool } from "ollama";
import { convertToOllamaMessages } from "./convert-to-ollama-messages.js";
import type { OllamaWireMessage } from "./ollama-wire-types.js";
import { toOllamaFormat } from "./to-ollama-format.js";
import { toOllamaTools } from "./to-ollama-tools.js";

/** Defaults from the provider's settings, applied under the request's own values. */
export interface OllamaRequestDefaults {
  keepAlive?: string | number;
  numCtx?: number;
}

/** A `/api/chat` body without `stream`, which the caller sets. */
export interface OllamaChatParams {
  model: string;
  messages: OllamaWireMessage[];
  tools?: Tool[];
  format?: string | Record<string, unknown>;
  options?: Record<string, unknown>;
  keep_alive?: string | number;
  think?: boolean | "high" | "medium" | "low";
  [extra: string]: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Maps a contract request to an Ollama `/api/chat` body, without `stream`.
 * Sampling settings go into `options` (`maxTokens` is `num_predict`).
 * `extra` (the request's `providerOptions.ollama`) is passed through as body
 * fields the contract has no name for, such as `think`, `keep_alive` or
 * `logprobs`; `extra.options` (e.g. `top_k`, `num_ctx`) is merged into
 * `options`. Extra values fill in what the request leaves unset and never
 * override a mapped field, the model, the messages or the stream flag.
 * `user` has no Ollama counterpart. Pure.
 */
export function toOllamaChatRequest(
  req: ChatRequest,
  model: string,
  defaults: OllamaRequestDefaults = {},
  extra: { [key: string]: unknown } = {},
): OllamaChatParams {
  const { options: extraOptions, stream: _stream, ...rest } = extra;
  const options: Record<string, unknown> = {
    ...(defaults.numCtx !== undefined ? { num_ctx: defaults.numCtx } : {}),
    ...(isRecord(extraOptions) ? extraOptions : {}),
    ...(req.temperature !== undefined ? { temperature: req.temperature } : {}),
    ...(req.topP !== undefined ? { top_p: req.topP } : {}),
    ...(req.maxTokens !== undefined ? { num_predict: req.maxTokens } : {}),
    ...(req.stop !== undefined ? { stop: [req.stop].flat() } : {}),
    ...(req.seed !== undefined ? { seed: req.seed } : {}),
  };
  const tools = toOllamaTools(req.tools, req.toolChoice);
  const format = toOllamaFormat(req.responseFormat);
  const keepAlive = rest.keep_alive ?? defaults.keepAlive;
  const params: OllamaChatParams = {
    ...rest,
    model,
    messages: convertToOllamaMessages(req.messages),
    ...(tools ? { tools } : {}),
    ...(format !== undefined ? { format } : {}),
    ...(keepAlive !== undefined ? { keep_alive: keepAlive as string | number } : {}),
    ...(Object.keys(options).length > 0 ? { options } : {}),
  };
  // "none" must win over tools smuggled in through providerOptions.
  if (req.toolChoice === "none") delete params.tools;
  return params;
}
