import type { ConverseStreamOutput } from "@aws-sdk/client-bedrock-runtime";
import type { ChatStreamEvent, FinishEvent, Usage } from "@oss-ai-agent-tool/core";
import { mapBedrockFinishReason } from "./map-bedrock-finish-reason.js";
import { mapBedrockUsage } from "./map-bedrock-usage.js";

interface OpenToolCall {
  index: number;
  id: string;
  name: string;
  arguments: string;
  ended: boolean;
}

/** What a stream is labelled with: ConverseStream sends neither an id nor the model. */
export interface BedrockStreamLabels {
  /** The reply id, from the call's request id. */
  id?: string | undefined;
  model: string;
}

function endEvent(call: OpenToolCall): ChatStreamEvent {
  call.ended = true;
  return {
    type: "tool-call-end",
    index: call.index,
    id: call.id,
    name: call.name,
    arguments: call.arguments.trim() === "" ? "{}" : call.arguments,
  };
}

/**
 * Maps the SDK's ConverseStream events to contract events.
 *
 * - `contentBlockDelta.text` → `text-delta`; `reasoningContent.text` →
 *   `reasoning-delta` (signatures and redacted reasoning are left out).
 * - `contentBlockStart.toolUse` opens a tool call (`tool-call-start` with its
 *   id and name); its `toolUse.input` fragments are `tool-call-delta`s, and
 *   `contentBlockStop` of that block ends it (`tool-call-end` with the whole
 *   arguments, `"{}"` when none came).
 * - `messageStop` carries the stop reason and `metadata` the usage, in that
 *   order; both are held back until the stream ends, then `usage` and
 *   `finish` are sent, `finish` last.
 * - A stream that ends without `messageStop` yields no `finish`, which the
 *   runner reports as truncated. Exception frames reach here as errors
 *   thrown by the SDK's iterator.
 */
export async function* mapBedrockStream(
  events: AsyncIterable<ConverseStreamOutput>,
  labels: BedrockStreamLabels,
): AsyncGenerator<ChatStreamEvent> {
  const calls: OpenToolCall[] = [];
  const byBlock = new Map<number, OpenToolCall>();
  let stopReason: string | undefined;
  let stopped = false;
  let usage: Usage | undefined;

  const open = (block: number, id: string | undefined, name: string | undefined) => {
    const call: OpenToolCall = {
      index: calls.length,
      id: id ?? `tooluse_${calls.length}`,
      name: name ?? "",
      arguments: "",
      ended: false,
    };
    calls.push(call);
    byBlock.set(block, call);
    return call;
  };

  for await (const event of events) {
    if (event.contentBlockStart) {
      const { contentBlockIndex: block = 0, start } = event.contentBlockStart;
      if (start?.toolUse) {
        const call = open(block, start.toolUse.toolUseId, start.toolUse.name);
        yield { type: "tool-call-start", index: call.index, id: call.id, name: call.name };
      }
    } else if (event.contentBlockDelta) {
      const { contentBlockIndex: block = 0, delta } = event.contentBlockDelta;
      if (delta?.text) {
        yield { type: "text-delta", delta: delta.text };
      } else if (delta?.reasoningContent?.text) {
        yield { type: "reasoning-delta", delta: delta.reasoningContent.text };
      } else if (delta?.toolUse) {
        let call = byBlock.get(block);
        if (!call) {
          // A fragment before its block's start: open the call so nothing is lost.
          call = open(block, undefined, undefined);
          yield { type: "tool-call-start", index: call.index, id: call.id, name: call.name };
        }
        const piece = delta.toolUse.input ?? "";
        if (piece) {
          call.arguments += piece;
          yield { type: "tool-call-delta", index: call.index, id: call.id, argumentsDelta: piece };
        }
      }
    } else if (event.contentBlockStop) {
      const call = byBlock.get(event.contentBlockStop.contentBlockIndex ?? 0);
      if (call && !call.ended) yield endEvent(call);
    } else if (event.messageStop) {
      stopped = true;
      stopReason = event.messageStop.stopReason;
    } else if (event.metadata) {
      usage = mapBedrockUsage(event.metadata.usage) ?? usage;
    }
  }

  if (!stopped) return;
  for (const call of calls) if (!call.ended) yield endEvent(call);
  if (usage) yield { type: "usage", usage };
  const finish: FinishEvent = {
    type: "finish",
    finishReason: mapBedrockFinishReason(stopReason),
    ...(stopReason !== undefined ? { rawFinishReason: stopReason } : {}),
    ...(labels.id !== undefined ? { id: labels.id } : {}),
    model: labels.model,
  };
  yield finish;
}
