import { randomUUID } from "node:crypto";
import type { GenerateContentResponse, Part } from "@google/genai";
import type { ChatStreamEvent, Usage } from "@oss-ai-agent-tool/core";
import { upstreamFinishError } from "@oss-ai-agent-tool/core";
import { applyGeminiPartialArgs } from "./apply-gemini-partial-args.js";
import { encodeGeminiToolCallId, geminiToolCallBaseId } from "./gemini-tool-call-id.js";
import { mapGeminiFinishReason } from "./map-gemini-finish-reason.js";
import { mapGeminiUsage } from "./map-gemini-usage.js";

interface OpenCall {
  index: number;
  id: string;
  name: string;
  args: Record<string, unknown>;
  continuing: Set<string>;
}

function endOf(call: Pick<OpenCall, "index" | "id" | "name">, args: string): ChatStreamEvent[] {
  return [
    { type: "tool-call-delta", index: call.index, id: call.id, argumentsDelta: args },
    { type: "tool-call-end", index: call.index, id: call.id, name: call.name, arguments: args },
  ];
}

/**
 * Maps the SDK's stream of Gemini replies (SSE `data:` chunks, no `[DONE]`)
 * to contract events.
 *
 * - `text` parts become `text-delta`s, `thought: true` parts
 *   `reasoning-delta`s, in order; empty texts (Gemini's final chunk often has
 *   one that only carries a thought signature) are skipped.
 * - Gemini sends a function call whole, in one part: it becomes
 *   `tool-call-start`, one `tool-call-delta` with all the arguments and
 *   `tool-call-end`, at once. With `streamFunctionCallArguments` (Vertex) a
 *   call opens with `willContinue`, its arguments arrive as `partialArgs`
 *   fragments by JSON path, and a fragment without `willContinue` closes it.
 *   Ids are as in {@link mapGeminiResponse}.
 * - Every chunk repeats the cumulative `usageMetadata`; the last one with
 *   counts is sent once, after the content, then `finish` last. A stream
 *   without usage gets no `usage` event.
 * - A prompt blocked before any candidate ends with `content_filter`.
 * - A stream that ends without a finish reason yields no `finish`, which the
 *   runner reports as truncated. An `error` finish before any output throws
 *   a retryable error, so the runner tries again.
 */
export async function* mapGeminiStream(
  chunks: AsyncIterable<GenerateContentResponse>,
  provider: string,
  requestedModel: string,
): AsyncGenerator<ChatStreamEvent> {
  let seed: string | undefined;
  let responseId: string | undefined;
  let model: string | undefined;
  let usage: Usage | undefined;
  let raw: string | undefined;
  let blocked = false;
  let produced = false;
  let calls = 0;
  let open: OpenCall | undefined;

  const closeOpen = (): ChatStreamEvent[] => {
    if (!open) return [];
    const events = endOf(open, JSON.stringify(open.args));
    open = undefined;
    return events;
  };

  function* callEvents(part: Part, currentSeed: string): Generator<ChatStreamEvent> {
    const call = part.functionCall ?? {};
    if (!call.name) {
      // A fragment of the open call; the bare `{}` that ends it carries no `willContinue`.
      if (!open) return;
      applyGeminiPartialArgs(open.args, call.partialArgs, open.continuing);
      if (!call.willContinue) yield* closeOpen();
      return;
    }
    yield* closeOpen();
    const index = calls++;
    const id = encodeGeminiToolCallId(
      geminiToolCallBaseId(currentSeed, index, call.id),
      part.thoughtSignature,
    );
    produced = true;
    yield { type: "tool-call-start", index, id, name: call.name };
    if (call.willContinue) {
      open = { index, id, name: call.name, args: { ...call.args }, continuing: new Set() };
      applyGeminiPartialArgs(open.args, call.partialArgs, open.continuing);
    } else {
      yield* endOf({ index, id, name: call.name }, JSON.stringify(call.args ?? {}));
    }
  }

  for await (const chunk of chunks) {
    seed ??= chunk.responseId ?? randomUUID();
    responseId = chunk.responseId ?? responseId;
    model = chunk.modelVersion ?? model;
    usage = mapGeminiUsage(chunk.usageMetadata) ?? usage;
    const candidate = chunk.candidates?.[0];
    if (!candidate) {
      const blockReason = chunk.promptFeedback?.blockReason;
      if (blockReason) {
        raw = blockReason;
        blocked = true;
      }
      continue;
    }
    for (const part of candidate.content?.parts ?? []) {
      if (part.functionCall) {
        yield* callEvents(part, seed);
      } else if (typeof part.text === "string" && part.text !== "") {
        produced = true;
        yield part.thought
          ? { type: "reasoning-delta", delta: part.text }
          : { type: "text-delta", delta: part.text };
      }
    }
    if (candidate.finishReason) raw = candidate.finishReason;
  }

  yield* closeOpen();
  if (raw === undefined) return;
  const finishReason = blocked ? "content_filter" : mapGeminiFinishReason(raw, calls > 0);
  if (finishReason === "error" && !produced) throw upstreamFinishError(provider, raw);
  if (usage) yield { type: "usage", usage };
  yield {
    type: "finish",
    finishReason,
    rawFinishReason: raw,
    id: responseId ?? `gemini-${seed}`,
    model: model ?? requestedModel,
  };
}
