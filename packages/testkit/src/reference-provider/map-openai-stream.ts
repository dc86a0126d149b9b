import type { ChatStreamEvent, FinishEvent, Usage } from "@oss-ai-agent-tool/core";
import type OpenAI from "openai";
import { mapOpenAIFinishReason } from "./map-openai-finish-reason.js";
import { mapOpenAIUsage } from "./map-openai-usage.js";

interface OpenToolCall {
  id: string;
  name: string;
  arguments: string;
}

/**
 * Maps OpenAI stream chunks to contract events. Tool calls are reassembled
 * by index; usage (sent in a trailing chunk) comes before `finish`, which is
 * held back until the stream ends so it is always last.
 */
export async function* mapOpenAIStream(
  chunks: AsyncIterable<OpenAI.Chat.Completions.ChatCompletionChunk>,
): AsyncGenerator<ChatStreamEvent> {
  const calls = new Map<number, OpenToolCall>();
  let finish: FinishEvent | undefined;
  let usage: Usage | undefined;

  const closeCalls = function* (): Generator<ChatStreamEvent> {
    for (const [index, call] of [...calls.entries()].sort(([a], [b]) => a - b)) {
      yield {
        type: "tool-call-end",
        index,
        id: call.id,
        name: call.name,
        arguments: call.arguments || "{}",
      };
    }
    calls.clear();
  };

  for await (const chunk of chunks) {
    if (chunk.usage) usage = mapOpenAIUsage(chunk.usage);
    const choice = chunk.choices[0];
    if (!choice) continue;
    const delta = choice.delta;
    if (delta.content) yield { type: "text-delta", delta: delta.content };
    for (const toolDelta of delta.tool_calls ?? []) {
      let call = calls.get(toolDelta.index);
      if (!call) {
        call = {
          id: toolDelta.id ?? `call_${toolDelta.index}`,
          name: toolDelta.function?.name ?? "",
          arguments: "",
        };
        calls.set(toolDelta.index, call);
        yield { type: "tool-call-start", index: toolDelta.index, id: call.id, name: call.name };
      }
      const piece = toolDelta.function?.arguments;
      if (piece) {
        call.arguments += piece;
        yield {
          type: "tool-call-delta",
          index: toolDelta.index,
          id: call.id,
          argumentsDelta: piece,
        };
      }
    }
    if (choice.finish_reason) {
      yield* closeCalls();
      finish = {
        type: "finish",
        finishReason: mapOpenAIFinishReason(choice.finish_reason),
        rawFinishReason: choice.finish_reason,
        id: chunk.id,
        model: chunk.model,
      };
    }
  }
  yield* closeCalls();
  if (usage) yield { type: "usage", usage };
  if (finish) yield finish;
}
