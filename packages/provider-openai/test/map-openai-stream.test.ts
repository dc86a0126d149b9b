import type { ChatStreamEvent } from "@oss-ai-agent-tool/core";
import { collectEvents, textOf } from "@oss-ai-agent-tool/testkit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mapOpenAIStream } from "../src/index.js";
import { fromArray } from "./support/harness.js";
import { chunk, fullUsage, usageChunk } from "./support/wire.js";

type Chunk = Parameters<typeof mapOpenAIStream>[0] extends AsyncIterable<infer C> ? C : never;

const run = (chunks: Chunk[]) => collectEvents(mapOpenAIStream(fromArray(chunks)));
const types = (events: ChatStreamEvent[]) => events.map((e) => e.type);

describe("mapOpenAIStream", () => {
  it("streams text, then usage, then finish last, with id and model", async () => {
    const events = await run([
      chunk({ role: "assistant", content: "", refusal: null }),
      chunk({ content: "Hel" }),
      chunk({ content: "lo." }),
      chunk({}, "stop"),
      usageChunk(fullUsage),
    ]);
    expect(types(events)).toEqual(["text-delta", "text-delta", "usage", "finish"]);
    expect(textOf(events)).toBe("Hello.");
    expect(events.at(-2)).toEqual({
      type: "usage",
      usage: {
        promptTokens: 19,
        completionTokens: 10,
        totalTokens: 29,
        cachedPromptTokens: 0,
        reasoningTokens: 0,
      },
    });
    expect(events.at(-1)).toEqual({
      type: "finish",
      finishReason: "stop",
      rawFinishReason: "stop",
      id: "chatcmpl-test-1",
      model: "gpt-4o-mini-2024-07-18",
    });
  });

  it("reassembles tool calls by index: id and name on the first fragment only", async () => {
    const events = await run([
      chunk({ role: "assistant", content: null }),
      chunk({
        tool_calls: [
          {
            index: 0,
            id: "call_a",
            type: "function",
            function: { name: "get_weather", arguments: "" },
          },
        ],
      }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"ci' } }] }),
      chunk({
        tool_calls: [
          {
            index: 1,
            id: "call_b",
            type: "function",
            function: { name: "get_time", arguments: "" },
          },
        ],
      }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: 'ty":"Oslo"}' } }] }),
      chunk({ tool_calls: [{ index: 1, function: { arguments: '{"tz":"CET"}' } }] }),
      chunk({}, "tool_calls"),
      usageChunk(fullUsage),
    ]);
    expect(events.filter((e) => e.type === "tool-call-start")).toEqual([
      { type: "tool-call-start", index: 0, id: "call_a", name: "get_weather" },
      { type: "tool-call-start", index: 1, id: "call_b", name: "get_time" },
    ]);
    const deltas = (index: number) =>
      events
        .flatMap((e) =>
          e.type === "tool-call-delta" && e.index === index ? [e.argumentsDelta] : [],
        )
        .join("");
    expect(deltas(0)).toBe('{"city":"Oslo"}');
    expect(deltas(1)).toBe('{"tz":"CET"}');
    expect(events.filter((e) => e.type === "tool-call-end")).toEqual([
      {
        type: "tool-call-end",
        index: 0,
        id: "call_a",
        name: "get_weather",
        arguments: '{"city":"Oslo"}',
      },
      {
        type: "tool-call-end",
        index: 1,
        id: "call_b",
        name: "get_time",
        arguments: '{"tz":"CET"}',
      },
    ]);
    expect(events.at(-1)).toMatchObject({ type: "finish", finishReason: "tool_calls" });
    expect(events.at(-2)?.type).toBe("usage");
  });

  it("counts calls from 0 when the server numbers them from 1", async () => {
    const events = await run([
      chunk({ content: "Reading it." }),
      chunk({
        tool_calls: [{ index: 1, id: "toolu_1", function: { name: "read_file", arguments: "" } }],
      }),
      chunk({ tool_calls: [{ index: 1, function: { arguments: '{"path": "a.txt"}' } }] }),
      chunk({}, "tool_calls"),
    ]);
    expect(events.find((e) => e.type === "tool-call-end")).toEqual({
      type: "tool-call-end",
      index: 0,
      id: "toolu_1",
      name: "read_file",
      arguments: '{"path": "a.txt"}',
    });
  });

  it("treats a new id on a reused index as a new call", async () => {
    const events = await run([
      chunk({ tool_calls: [{ index: 0, id: "c1", function: { name: "a", arguments: "{}" } }] }),
      chunk({
        tool_calls: [{ index: 0, id: "c2", function: { name: "b", arguments: '{"x":1}' } }],
      }),
      chunk({}, "tool_calls"),
    ]);
    expect(events.filter((e) => e.type === "tool-call-end")).toEqual([
      { type: "tool-call-end", index: 0, id: "c1", name: "a", arguments: "{}" },
      { type: "tool-call-end", index: 1, id: "c2", name: "b", arguments: '{"x":1}' },
    ]);
  });

  it("waits for the name before announcing a call, and makes up a missing id", async () => {
    const events = await run([
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"q":' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { name: "search", arguments: '"x"}' } }] }),
      chunk({}, "tool_calls"),
    ]);
    expect(types(events)).toEqual([
      "tool-call-start",
      "tool-call-delta",
      "tool-call-end",
      "finish",
    ]);
    expect(events[0]).toEqual({
      type: "tool-call-start",
      index: 0,
      id: "oaat_call_0",
      name: "search",
    });
    // What arrived before the name is sent in one piece right after the start.
    expect(events[1]).toMatchObject({ argumentsDelta: '{"q":"x"}' });
    expect(events[2]).toMatchObject({ arguments: '{"q":"x"}' });
  });

  it("ends a call without arguments with {} in both the deltas and the end", async () => {
    const events = await run([
      chunk({ tool_calls: [{ index: 0, id: "c1", function: { name: "now", arguments: "" } }] }),
      chunk({}, "tool_calls"),
    ]);
    expect(events.filter((e) => e.type === "tool-call-delta")).toEqual([
      { type: "tool-call-delta", index: 0, id: "c1", argumentsDelta: "{}" },
    ]);
    expect(events.find((e) => e.type === "tool-call-end")).toMatchObject({ arguments: "{}" });
  });

  it("announces a call whose name never came when it closes", async () => {
    const events = await run([
      chunk({ tool_calls: [{ index: 0, id: "c1", function: { arguments: "{}" } }] }),
      chunk({}, "tool_calls"),
    ]);
    expect(types(events)).toEqual([
      "tool-call-start",
      "tool-call-delta",
      "tool-call-end",
      "finish",
    ]);
  });

  it("handles a finish reason sent twice and usage inside the finishing chunk", async () => {
    const events = await run([
      chunk({ content: "a" }),
      chunk({}, "stop"),
      chunk({}, "stop", { usage: fullUsage as never }),
    ]);
    expect(types(events)).toEqual(["text-delta", "usage", "finish"]);
  });

  it("maps reasoning deltas of compatible servers and refusals", async () => {
    const events = await run([
      chunk({ reasoning_content: "think " }),
      chunk({ reasoning: "more" }),
      chunk({ refusal: "I can't help with that." }),
      chunk({}, "stop"),
    ]);
    expect(events.slice(0, 3)).toEqual([
      { type: "reasoning-delta", delta: "think " },
      { type: "reasoning-delta", delta: "more" },
      { type: "text-delta", delta: "I can't help with that." },
    ]);
  });

  it("skips chunks without a first choice (Azure's prompt-filter chunk) and other choices", async () => {
    const events = await run([
      { ...usageChunk(fullUsage), id: "", model: "", usage: null },
      chunk({ content: "x" }, null, {
        choices: [
          { index: 1, delta: { content: "other" }, finish_reason: null, logprobs: null },
          { index: 0, delta: { content: "x" }, finish_reason: null, logprobs: null },
        ],
      }),
      chunk({}, "length"),
    ]);
    expect(textOf(events)).toBe("x");
    expect(events.at(-1)).toMatchObject({ finishReason: "length", id: "chatcmpl-test-1" });
  });

  it("yields no finish when the chunks end without a finish reason", async () => {
    const events = await run([chunk({ content: "cut" })]);
    expect(types(events)).toEqual(["text-delta"]);
  });

  it("reassembles any split of the arguments exactly (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        async (args, cuts) => {
          const points = [...new Set(cuts.map((c) => c % (args.length + 1)))].sort((a, b) => a - b);
          const pieces: string[] = [];
          let last = 0;
          for (const p of [...points, args.length]) {
            pieces.push(args.slice(last, p));
            last = p;
          }
          const chunks = [
            chunk({ tool_calls: [{ index: 0, id: "c", function: { name: "f", arguments: "" } }] }),
            ...pieces.map((piece) =>
              chunk({ tool_calls: [{ index: 0, function: { arguments: piece } }] }),
            ),
            chunk({}, "tool_calls"),
          ];
          const events = await run(chunks);
          const end = events.find((e) => e.type === "tool-call-end");
          expect(end).toMatchObject({ arguments: args });
          const joined = events
            .flatMap((e) => (e.type === "tool-call-delta" ? [e.argumentsDelta] : []))
            .join("");
          expect(joined).toBe(args);
        },
      ),
    );
  });
});
