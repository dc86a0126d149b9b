import type { CompletionEvent } from "@mistralai/mistralai/models/components";
import type { ChatStreamEvent, FinishEvent, Usage } from "@oss-ai-agent-tool/core";
import { upstreamFinishError } from "@oss-ai-agent-tool/core";
import { mapMistralFinishReason } from "./map-mistral-finish-reason.js";
import { mistralToolCallId } from "./map-mistral-tool-calls.js";
import { mapMistralUsage } from "./map-mistral-usage.js";
import { mistralContentPieces } from "./split-mistral-content.js";

interface OpenToolCall {
  index: number;
  id: string;
  name: string;
  arguments: string;
}

function argumentsPiece(args: unknown): string {
  if (typeof args === "string") return args;
  return args == null ? "" : JSON.stringify(args);
}

/**
 * Maps the SDK's stream of Mistral chunks to contract events.
 *
 * - `content` may be a string or a list of `text` / `thinking` chunks; the
 *   latter become `reasoning-delta`s, in order.
 * - Mistral usually sends a whole tool call in one delta, with its id and
 *   often without an `index`; some models stream the arguments in fragments
 *   that carry no id. Calls are matched by id, and fragments without one by
 *   their wire index; arguments sent as an object become JSON text.
 * - Usage arrives in the chunk that carries `finish_reason`; both are held
 *   back so that the tool calls end first, then `usage`, then `finish`.
 * - A stream that ends without a finish reason yields no `finish`, which the
 *   runner reports as truncated.
 * - Finish reason `error` before any output throws a retryable error, so the
 *   runner tries again; after output it is passed on as `finish: error`.
 */
export async function* mapMistralStream(
  events: AsyncIterable<CompletionEvent>,
  provider: string,
): AsyncGenerator<ChatStreamEvent> {
  const calls: OpenToolCall[] = [];
  const byId = new Map<string, OpenToolCall>();
  const byWireIndex = new Map<number, OpenToolCall>();
  let finish: FinishEvent | undefined;
  let usage: Usage | undefined;
  let produced = false;

  for await (const { data: chunk } of events) {
    if (chunk.usage) usage = mapMistralUsage(chunk.usage);
    const choice = chunk.choices.find((c) => c.index === 0) ?? chunk.choices[0];
    if (!choice) continue;

    for (const piece of mistralContentPieces(choice.delta.content)) {
      produced = true;
      yield piece.kind === "text"
        ? { type: "text-delta", delta: piece.text }
        : { type: "reasoning-delta", delta: piece.text };
    }

    for (const fragment of choice.delta.toolCalls ?? []) {
      const id = mistralToolCallId(fragment);
      const wireIndex = fragment.index ?? 0;
      let call = id !== undefined ? byId.get(id) : byWireIndex.get(wireIndex);
      if (!call) {
        const index = calls.length;
        call = { index, id: id ?? `call_${index}`, name: fragment.function.name, arguments: "" };
        calls.push(call);
        byId.set(call.id, call);
        byWireIndex.set(wireIndex, call);
        produced = true;
        yield { type: "tool-call-start", index, id: call.id, name: call.name };
      } else if (!call.name && fragment.function.name) {
        call.name = fragment.function.name;
      }
      const piece = argumentsPiece(fragment.function.arguments);
      if (piece) {
        call.arguments += piece;
        yield { type: "tool-call-delta", index: call.index, id: call.id, argumentsDelta: piece };
      }
    }

    if (choice.finishReason) {
      finish = {
        type: "finish",
        finishReason: mapMistralFinishReason(choice.finishReason),
        rawFinishReason: choice.finishReason,
        id: chunk.id,
        model: chunk.model,
      };
    }
  }

  if (!finish) return;
  if (finish.finishReason === "error" && !produced) throw upstreamFinishError(provider);
  for (const call of calls) {
    yield {
      type: "tool-call-end",
      index: call.index,
      id: call.id,
      name: call.name,
      arguments: call.arguments.trim() === "" ? "{}" : call.arguments,
    };
  }
  if (usage) yield { type: "usage", usage };
  yield finish;
}
