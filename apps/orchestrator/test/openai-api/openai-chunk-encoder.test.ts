import type { ChatStreamEvent } from "@oss-ai-agent-tool/core";
import type { ChatCompletionChunk } from "openai/resources/chat/completions";
import { describe, expect, it } from "vitest";
import {
  OpenAIChunkEncoder,
  type OpenAIChunkEncoderOptions,
  SSE_DONE,
} from "../../src/openai-api/index.js";

const OPTIONS: OpenAIChunkEncoderOptions = {
  id: "chatcmpl-1",
  model: "openai/gpt-4o",
  created: 1_700_000_000,
  includeUsage: false,
};

/** Encodes events and splits the SSE text back into parsed chunks, checking the framing on the way. */
function encodeAll(events: ChatStreamEvent[], options: Partial<OpenAIChunkEncoderOptions> = {}) {
  const encoder = new OpenAIChunkEncoder({ ...OPTIONS, ...options });
  const text = events.map((event) => encoder.encode(event)).join("");
  const frames = text.split("\n\n");
  expect(frames.pop()).toBe("");
  const done = frames.at(-1) === "data: [DONE]";
  if (done) frames.pop();
  const chunks = frames.map((frame) => {
    expect(frame.startsWith("data: ")).toBe(true);
    expect(frame.includes("\n")).toBe(false);
    return JSON.parse(frame.slice("data: ".length)) as ChatCompletionChunk;
  });
  return { chunks, done, encoder, text };
}

describe("OpenAIChunkEncoder", () => {
  it("streams text: role on the first chunk, then content, then a finish chunk and [DONE]", () => {
    const { chunks, done, text } = encodeAll([
      { type: "text-delta", delta: "Hel" },
      { type: "text-delta", delta: "" },
      { type: "text-delta", delta: 'lo "world"\n' },
      { type: "usage", usage: { promptTokens: 5, completionTokens: 2, totalTokens: 7 } },
      { type: "finish", finishReason: "stop", id: "upstream-id", model: "gpt-4o-2024" },
    ]);
    expect(done).toBe(true);
    expect(text.endsWith(SSE_DONE)).toBe(true);
    const common = {
      id: "chatcmpl-1",
      object: "chat.completion.chunk",
      created: 1_700_000_000,
      model: "openai/gpt-4o",
    };
    expect(chunks).toStrictEqual([
      {
        ...common,
        choices: [
          {
            index: 0,
            delta: { role: "assistant", content: "Hel" },
            logprobs: null,
            finish_reason: null,
          },
        ],
      },
      {
        ...common,
        choices: [
          { index: 0, delta: { content: 'lo "world"\n' }, logprobs: null, finish_reason: null },
        ],
      },
      { ...common, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: "stop" }] },
    ]);
  });

  it("sends usage: null on every chunk and a final usage chunk only with include_usage", () => {
    const events: ChatStreamEvent[] = [
      { type: "text-delta", delta: "hi" },
      {
        type: "usage",
        usage: {
          promptTokens: 5,
          completionTokens: 2,
          totalTokens: 7,
          cachedPromptTokens: 3,
          reasoningTokens: 1,
        },
      },
      { type: "finish", finishReason: "length" },
    ];
    const withUsage = encodeAll(events, { includeUsage: true }).chunks;
    expect(withUsage).toHaveLength(3);
    expect(withUsage[0]!.usage).toBeNull();
    expect(withUsage[1]!.usage).toBeNull();
    expect(withUsage[1]!.choices[0]!.finish_reason).toBe("length");
    expect(withUsage[2]).toStrictEqual({
      id: "chatcmpl-1",
      object: "chat.completion.chunk",
      created: 1_700_000_000,
      model: "openai/gpt-4o",
      choices: [],
      usage: {
        prompt_tokens: 5,
        completion_tokens: 2,
        total_tokens: 7,
        prompt_tokens_details: { cached_tokens: 3 },
        completion_tokens_details: { reasoning_tokens: 1 },
      },
    });

    const without = encodeAll(events).chunks;
    expect(without).toHaveLength(2);
    for (const chunk of without) expect(chunk).not.toHaveProperty("usage");
  });

  it("sends usage null in the usage chunk when the provider reported none", () => {
    const { chunks } = encodeAll([{ type: "finish", finishReason: "stop" }], {
      includeUsage: true,
    });
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: null });
  });

  it("streams reasoning as reasoning_content, with the role on whatever comes first", () => {
    const { chunks } = encodeAll([
      { type: "reasoning-delta", delta: "think" },
      { type: "text-delta", delta: "answer" },
      { type: "finish", finishReason: "stop" },
    ]);
    expect(chunks.map((c) => c.choices[0]!.delta)).toStrictEqual([
      { role: "assistant", reasoning_content: "think" },
      { content: "answer" },
      {},
    ]);
  });

  it("gives an empty reply a role, so stream accumulators find one", () => {
    const { chunks } = encodeAll([{ type: "finish", finishReason: "content_filter" }]);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.choices[0]).toStrictEqual({
      index: 0,
      delta: { role: "assistant", content: "" },
      logprobs: null,
      finish_reason: "content_filter",
    });
  });

  it("streams tool calls with dense indexes; concatenated argument deltas equal the full arguments", () => {
    const first = '{"city":"Paris","unit":"celsius"}';
    const second = '{"q":"caf\\u00e9 \\"best\\""}';
    const { chunks } = encodeAll([
      { type: "text-delta", delta: "Checking." },
      { type: "tool-call-start", index: 1, id: "call_a", name: "get_weather" },
      { type: "tool-call-delta", index: 1, id: "call_a", argumentsDelta: first.slice(0, 9) },
      { type: "tool-call-start", index: 3, id: "call_b", name: "search" },
      { type: "tool-call-delta", index: 1, id: "call_a", argumentsDelta: first.slice(9) },
      { type: "tool-call-delta", index: 3, id: "call_b", argumentsDelta: second.slice(0, 5) },
      { type: "tool-call-delta", index: 3, id: "call_b", argumentsDelta: second.slice(5) },
      { type: "tool-call-end", index: 1, id: "call_a", name: "get_weather", arguments: first },
      { type: "tool-call-end", index: 3, id: "call_b", name: "search", arguments: second },
      { type: "finish", finishReason: "tool_calls" },
    ]);
    const toolDeltas = chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    expect(toolDeltas[0]).toStrictEqual({
      index: 0,
      id: "call_a",
      type: "function",
      function: { name: "get_weather", arguments: "" },
    });
    expect(toolDeltas.find((d) => d.id === "call_b")).toStrictEqual({
      index: 1,
      id: "call_b",
      type: "function",
      function: { name: "search", arguments: "" },
    });
    const argsOf = (index: number) =>
      toolDeltas
        .filter((d) => d.index === index)
        .map((d) => d.function?.arguments ?? "")
        .join("");
    expect(argsOf(0)).toBe(first);
    expect(argsOf(1)).toBe(second);
    // Ends add nothing once the arguments were streamed.
    expect(toolDeltas).toHaveLength(6);
    expect(chunks[1]!.choices[0]!.delta).not.toHaveProperty("role");
    expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe("tool_calls");
  });

  it("sends the arguments at the end when none were streamed, and {} for an empty call", () => {
    const { chunks } = encodeAll([
      { type: "tool-call-start", index: 0, id: "c1", name: "f" },
      { type: "tool-call-end", index: 0, id: "c1", name: "f", arguments: '{"a":1}' },
      { type: "tool-call-start", index: 1, id: "c2", name: "g" },
      { type: "tool-call-end", index: 1, id: "c2", name: "g", arguments: "" },
      { type: "finish", finishReason: "tool_calls" },
    ]);
    const deltas = chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    expect(deltas).toStrictEqual([
      { index: 0, id: "c1", type: "function", function: { name: "f", arguments: "" } },
      { index: 0, function: { arguments: '{"a":1}' } },
      { index: 1, id: "c2", type: "function", function: { name: "g", arguments: "" } },
      { index: 1, function: { arguments: "{}" } },
    ]);
    expect(chunks[0]!.choices[0]!.delta.role).toBe("assistant");
  });

  it("opens a call from its end alone, or from a delta without a start", () => {
    const { chunks } = encodeAll([
      { type: "tool-call-end", index: 5, id: "c1", name: "f", arguments: '{"a":1}' },
      { type: "tool-call-delta", index: 7, id: "c2", argumentsDelta: '{"b":' },
      { type: "tool-call-delta", index: 7, id: "c2", argumentsDelta: "2}" },
      { type: "tool-call-end", index: 7, id: "c2", name: "g", arguments: '{"b":2}' },
      { type: "finish", finishReason: "tool_calls" },
    ]);
    const deltas = chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    expect(deltas).toStrictEqual([
      { index: 0, id: "c1", type: "function", function: { name: "f", arguments: '{"a":1}' } },
      { index: 1, id: "c2", type: "function", function: { arguments: '{"b":' } },
      { index: 1, function: { arguments: "2}" } },
      { index: 1, function: { name: "g" } },
    ]);
  });

  it("ignores everything after finish and reports finished", () => {
    const encoder = new OpenAIChunkEncoder(OPTIONS);
    expect(encoder.finished).toBe(false);
    expect(encoder.encode({ type: "finish", finishReason: "stop" })).toContain(SSE_DONE);
    expect(encoder.finished).toBe(true);
    expect(encoder.encode({ type: "text-delta", delta: "late" })).toBe("");
    expect(encoder.encode({ type: "finish", finishReason: "stop" })).toBe("");
  });

  it("escapes ids and models that need it", () => {
    const { chunks } = encodeAll([{ type: "text-delta", delta: "x" }], {
      id: 'id"\n',
      model: "a/b\u2028",
    });
    expect(chunks[0]!.id).toBe('id"\n');
    expect(chunks[0]!.model).toBe("a/b\u2028");
  });
});
