import type { ChatResponse, ChatStreamEvent } from "@oss-ai-agent-tool/core";

/**
 * The events a streaming provider would have sent for `res`. Lets a client
 * stream from a provider that only answers whole replies, in the same event
 * order the contract promises (content, tool calls, usage, finish last).
 */
export function chatResponseToEvents(res: ChatResponse): ChatStreamEvent[] {
  const events: ChatStreamEvent[] = [];
  if (res.reasoning) events.push({ type: "reasoning-delta", delta: res.reasoning });
  if (res.output) events.push({ type: "text-delta", delta: res.output });
  res.toolCalls?.forEach((call, index) => {
    events.push({ type: "tool-call-start", index, id: call.id, name: call.name });
    events.push({ type: "tool-call-delta", index, id: call.id, argumentsDelta: call.arguments });
    events.push({
      type: "tool-call-end",
      index,
      id: call.id,
      name: call.name,
      arguments: call.arguments,
    });
  });
  if (res.usage) events.push({ type: "usage", usage: res.usage });
  events.push({
    type: "finish",
    finishReason: res.finishReason,
    id: res.id,
    model: res.model,
    ...(res.rawFinishReason !== undefined ? { rawFinishReason: res.rawFinishReason } : {}),
  });
  return events;
}
