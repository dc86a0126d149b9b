import type { ChatResponse } from "@oss-ai-agent-tool/core";
import { mapOllamaFinishReason } from "./map-ollama-finish-reason.js";
import { mapOllamaToolCalls } from "./map-ollama-tool-calls.js";
import { mapOllamaUsage } from "./map-ollama-usage.js";
import { OLLAMA_PROVIDER_ID } from "./ollama-constants.js";
import { ollamaReplySeed, ollamaResponseId } from "./ollama-ids.js";
import type { OllamaWireChatChunk } from "./ollama-wire-types.js";

/**
 * Maps a non-streamed `/api/chat` reply to the contract's response. The id is
 * derived from the reply (Ollama sends none); `requestedModel` stands in when
 * the reply names no model; `thinking` becomes `reasoning`. Does not reject
 * an empty reply: the caller applies `assertNotEmpty`. Pure.
 */
export function mapOllamaResponse(
  reply: OllamaWireChatChunk,
  requestedModel: string,
): ChatResponse {
  const model = reply.model || requestedModel;
  const seed = ollamaReplySeed(model, reply.created_at);
  const message = reply.message ?? {};
  const toolCalls = mapOllamaToolCalls(message.tool_calls, seed);
  const usage = mapOllamaUsage(reply);
  const raw = reply.done_reason || undefined;
  return {
    id: ollamaResponseId(seed, raw, reply.eval_count),
    provider: OLLAMA_PROVIDER_ID,
    model,
    output: message.content ?? "",
    finishReason: mapOllamaFinishReason(raw, toolCalls.length > 0),
    ...(raw !== undefined ? { rawFinishReason: raw } : {}),
    ...(toolCalls.length > 0 ? { toolCalls } : {}),
    ...(usage ? { usage } : {}),
    ...(message.thinking ? { reasoning: message.thinking } : {}),
  };
}
