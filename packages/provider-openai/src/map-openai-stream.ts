import type { ChatStreamEvent, FinishEvent, Usage } from "@oss-ai-agent-tool/core";
import type OpenAI from "openai";
import { reasoningTextOf } from "./map-openai-chat-response.js";
import { mapOpenAIFinishReason } from "./map-openai-finish-reason.js";
import { mapOpenAIUsage } from "./map-openai-usage.js";

/** A streamed tool-call fragment, typed loosely: compatible servers differ in what they repeat. */
interface ToolCallFragment {
  index?: number;
  id?: string | null;
  function?: { name?: string | null; arguments?: string | null } | null;
}

interface OpenCall {
  /** Our index: the order in which calls appeared, from 0. */
  position: number;
  id: string;
  name: string;
  arguments: string;
  started: boolean;
}

/**
 * Maps chat-completions chunks to contract events. Pure: it only reads the
 * iterable it is given.
 *
 * - Text and refusal deltas become `text-delta`; `reasoning_content` /
 *   `reasoning` deltas (compatible servers) become `reasoning-delta`.
 * - Tool calls are reassembled by the wire `index`: the id and name come
 *   with the first fragment, the arguments in pieces after it. A call is
 *   announced (`tool-call-start`) once its name is known, its argument
 *   pieces follow as `tool-call-delta`, and every call ends with
 *   `tool-call-end` carrying the whole arguments string when the choice
 *   finishes. Event indexes count calls from 0 in order of appearance, also
 *   when a server numbers them from 1 or reuses index 0 with a new id.
 * - Usage may come in any chunk; OpenAI sends it last, in a chunk whose
 *   `choices` is empty. It is reported once, after the content.
 * - `finish` is held back until the chunks end, so it is always last. A
 *   stream that ends without a finish reason yields no `finish`, which the
 *   runner reports as a truncated stream.
 */
export async function* mapOpenAIStream(
  chunks: AsyncIterable<OpenAI.Chat.Completions.ChatCompletionChunk>,
): AsyncGenerator<ChatStreamEvent, void, undefined> {
  const calls: OpenCall[] = [];
  const byWireIndex = new Map<number, OpenCall>();
  let lastWireIndex = 0;
  let closedCount = 0;
  let usage: Usage | undefined;
  let rawFinish: string | undefined;
  let id: string | undefined;
  let model: string | undefined;

  function* start(call: OpenCall): Generator<ChatStreamEvent> {
    call.started = true;
    if (!call.id) call.id = `oaat_call_${call.position}`;
    yield { type: "tool-call-start", index: call.position, id: call.id, name: call.name };
    if (call.arguments) {
      yield {
        type: "tool-call-delta",
        index: call.position,
        id: call.id,
        argumentsDelta: call.arguments,
      };
    }
  }

  function* onFragment(fragment: ToolCallFragment): Generator<ChatStreamEvent> {
    const wireIndex = typeof fragment.index === "number" ? fragment.index : lastWireIndex;
    lastWireIndex = wireIndex;
    let call = byWireIndex.get(wireIndex);
    const freshId = fragment.id && call?.id && fragment.id !== call.id && call.started;
    if (!call || freshId || call.position < closedCount) {
      call = { position: calls.length, id: "", name: "", arguments: "", started: false };
      calls.push(call);
      byWireIndex.set(wireIndex, call);
    }
    if (fragment.id && !call.id) call.id = fragment.id;
    const name = fragment.function?.name;
    if (name && !call.started) call.name += name;
    const piece = fragment.function?.arguments ?? "";
    if (!call.started) {
      call.arguments += piece;
      if (call.name) yield* start(call);
      return;
    }
    if (piece) {
      call.arguments += piece;
      yield { type: "tool-call-delta", index: call.position, id: call.id, argumentsDelta: piece };
    }
  }

  function* closeCalls(): Generator<ChatStreamEvent> {
    for (const call of calls.slice(closedCount)) {
      if (!call.started) yield* start(call);
      if (!call.arguments) {
        // Keeps "deltas concatenated = arguments" true for a call without arguments.
        call.arguments = "{}";
        yield { type: "tool-call-delta", index: call.position, id: call.id, argumentsDelta: "{}" };
      }
      yield {
        type: "tool-call-end",
        index: call.position,
        id: call.id,
        name: call.name,
        arguments: call.arguments,
      };
    }
    closedCount = calls.length;
  }

  for await (const chunk of chunks) {
    if (!id && chunk.id) id = chunk.id;
    if (!model && chunk.model) model = chunk.model;
    if (chunk.usage) usage = mapOpenAIUsage(chunk.usage);
    const choice = chunk.choices?.find((c) => (c.index ?? 0) === 0);
    if (!choice) continue;
    const delta = choice.delta ?? {};
    const reasoning = reasoningTextOf(delta);
    if (reasoning) yield { type: "reasoning-delta", delta: reasoning };
    if (delta.content) yield { type: "text-delta", delta: delta.content };
    if (delta.refusal) yield { type: "text-delta", delta: delta.refusal };
    for (const fragment of (delta.tool_calls ?? []) as ToolCallFragment[])
      yield* onFragment(fragment);
    if (choice.finish_reason) {
      yield* closeCalls();
      rawFinish = choice.finish_reason;
    }
  }

  yield* closeCalls();
  if (usage) yield { type: "usage", usage };
  if (rawFinish === undefined) return;
  const finish: FinishEvent = {
    type: "finish",
    finishReason: mapOpenAIFinishReason(rawFinish),
    rawFinishReason: rawFinish,
    ...(id ? { id } : {}),
    ...(model ? { model } : {}),
  };
  yield finish;
}
