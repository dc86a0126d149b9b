import type { EmbedRequest, EmbedResponse } from "@oss-ai-agent-tool/core";
import type {
  EmbedRequest as OllamaEmbedRequest,
  EmbedResponse as OllamaEmbedResponse,
} from "ollama";
import { OLLAMA_PROVIDER_ID } from "./ollama-constants.js";
import type { OllamaRequestDefaults } from "./to-ollama-chat-request.js";

/**
 * Maps an embeddings request to an Ollama `/api/embed` body. `dimensions` is
 * passed on (servers that support it shorten the vectors); `user` has no
 * counterpart. `extra` (`providerOptions.ollama`, e.g. `truncate`) fills in
 * what the request leaves unset. Pure.
 */
export function toOllamaEmbedRequest(
  req: EmbedRequest,
  model: string,
  defaults: OllamaRequestDefaults = {},
  extra: { [key: string]: unknown } = {},
): OllamaEmbedRequest {
  const keepAlive = extra.keep_alive ?? defaults.keepAlive;
  return {
    ...extra,
    model,
    input: req.input,
    ...(req.dimensions !== undefined ? { dimensions: req.dimensions } : {}),
    ...(keepAlive !== undefined ? { keep_alive: keepAlive as string | number } : {}),
  };
}

/**
 * Maps an `/api/embed` reply to the contract's. Ollama counts only input
 * tokens (`prompt_eval_count`), which are also the total. Pure.
 */
export function mapOllamaEmbedResponse(
  res: Partial<OllamaEmbedResponse>,
  requestedModel: string,
): EmbedResponse {
  const prompt = res.prompt_eval_count;
  return {
    provider: OLLAMA_PROVIDER_ID,
    model: res.model || requestedModel,
    embeddings: res.embeddings ?? [],
    ...(typeof prompt === "number" ? { usage: { promptTokens: prompt, totalTokens: prompt } } : {}),
  };
}
