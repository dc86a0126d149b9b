import type { ChatStreamEvent, FinishEvent } from "@oss-ai-agent-tool/core";
import { mapOllamaFinishReason } from "./map-ollama-finish-reason.js";
import { mapOllamaToolCalls } from "./map-ollama-tool-calls.js";
import { mapOllamaUsage } from "./map-ollama-usage.js";
import { ollamaReplySeed, ollamaResponseId } from "./ollama-ids.js";
import type { OllamaWireChatChunk } from "./ollama-wire-types.js";

/**
 * Maps an Ollama NDJSON chat stream to contract events. `thinking` pieces are
 * reasoning deltas, `content` pieces text deltas. Ollama sends each tool call
 * whole, in one chunk, so each becomes a start, one delta with all its
 * arguments, and an end. The final chunk (`done: true`) carries the finish
 * reason and the counts: `usage` then `finish`, always last. A stream that
 * ends without that chunk yields no `finish`, which the runner reports as a
 * truncated stream.
 */
export async function* mapOllamaStream(
  chunks: AsyncIterable<OllamaWireChatChunk>,
  requestedModel: string,
): AsyncGenerator<ChatStreamEvent> {
  let calls = 0;
  for await (const chunk of chunks) {
    const message = chunk.message ?? {};
    if (message.thinking) yield { type: "reasoning-delta", delta: message.thinking };
    if (message.content) yield { type: "text-delta", delta: message.content };
    const seed = ollamaReplySeed(chunk.model || requestedModel, chunk.created_at);
    for (const call of mapOllamaToolCalls(message.tool_calls, seed, calls)) {
      const index = calls++;
      yield { type: "tool-call-start", index, id: call.id, name: call.name };
      yield { type: "tool-call-delta", index, id: call.id, argumentsDelta: call.arguments };
      yield { type: "tool-call-end", index, ...call };
    }
    if (!chunk.done) continue;
    const usage = mapOllamaUsage(chunk);
    if (usage) yield { type: "usage", usage };
    const raw = chunk.done_reason || undefined;
    const finish: FinishEvent = {
      type: "finish",
      finishReason: mapOllamaFinishReason(raw, calls > 0),
      ...(raw !== undefined ? { rawFinishReason: raw } : {}),
      id: ollamaResponseId(seed, raw, chunk.eval_count),
      model: chunk.model || requestedModel,
    };
    yield finish;
    return;
  }
}
