import type { GenerateContentResponse } from "@google/genai";
import { type ChatStreamEvent, isProviderError } from "@oss-ai-agent-tool/core";
import { collectEvents, rejectionOf } from "@oss-ai-agent-tool/testkit";
import { describe, expect, it } from "vitest";
import {
  applyGeminiPartialArgs,
  decodeGeminiToolCallId,
  mapGeminiStream,
  parseJsonPath,
} from "../src/index.js";

async function* from(chunks: object[]): AsyncGenerator<GenerateContentResponse> {
  for (const chunk of chunks) yield chunk as GenerateContentResponse;
}

function run(chunks: object[]): Promise<ChatStreamEvent[]> {
  return collectEvents(mapGeminiStream(from(chunks), "google", "gemini-2.5-flash"));
}

const usage = (prompt: number, candidates: number, thoughts?: number) => ({
  promptTokenCount: prompt,
  candidatesTokenCount: candidates,
  totalTokenCount: prompt + candidates + (thoughts ?? 0),
  ...(thoughts !== undefined ? { thoughtsTokenCount: thoughts } : {}),
});

const chunk = (parts: object[], extra: object = {}) => ({
  candidates: [{ content: { role: "model", parts }, index: 0, ...extra }],
  responseId: "resp-s",
  modelVersion: "gemini-2.5-flash",
});

describe("mapGeminiStream", () => {
  it("streams text and reasoning in order, then the last usage once, then finish", async () => {
    const events = await run([
      { ...chunk([{ text: "Considering.", thought: true }]), usageMetadata: usage(9, 0, 20) },
      { ...chunk([{ text: "There are" }]), usageMetadata: usage(9, 2, 20) },
      {
        ...chunk([{ text: " 3." }, { text: "", thoughtSignature: "c2ln" }], {
          finishReason: "STOP",
        }),
        usageMetadata: usage(9, 5, 20),
      },
    ]);
    expect(events).toEqual([
      { type: "reasoning-delta", delta: "Considering." },
      { type: "text-delta", delta: "There are" },
      { type: "text-delta", delta: " 3." },
      {
        type: "usage",
        usage: { promptTokens: 9, completionTokens: 25, totalTokens: 34, reasoningTokens: 20 },
      },
      {
        type: "finish",
        finishReason: "stop",
        rawFinishReason: "STOP",
        id: "resp-s",
        model: "gemini-2.5-flash",
      },
    ]);
  });

  it("emits a whole function call as start, one delta and end, and ends a STOP turn as tool_calls", async () => {
    const events = await run([
      chunk([
        { functionCall: { name: "weather", args: { location: "SF" } }, thoughtSignature: "EqUC" },
        { functionCall: { name: "time" } },
      ]),
      chunk([{ text: "" }], { finishReason: "STOP" }),
    ]);
    const [start, delta, end, start2, delta2, end2, finish] = events;
    expect(start).toMatchObject({ type: "tool-call-start", index: 0, name: "weather" });
    expect(delta).toMatchObject({
      type: "tool-call-delta",
      index: 0,
      argumentsDelta: '{"location":"SF"}',
    });
    expect(end).toMatchObject({
      type: "tool-call-end",
      index: 0,
      name: "weather",
      arguments: '{"location":"SF"}',
    });
    if (start?.type !== "tool-call-start") throw new Error("no start");
    expect(decodeGeminiToolCallId(start.id).thoughtSignature).toBe("EqUC");
    expect(end).toMatchObject({ id: start.id });
    expect(start2).toMatchObject({ type: "tool-call-start", index: 1, name: "time" });
    expect(delta2).toMatchObject({ argumentsDelta: "{}" });
    expect(end2).toMatchObject({ type: "tool-call-end", index: 1, arguments: "{}" });
    expect(finish).toMatchObject({
      type: "finish",
      finishReason: "tool_calls",
      rawFinishReason: "STOP",
    });
    expect(events).toHaveLength(7);
  });

  it("assembles Vertex's streamed function-call arguments (partialArgs by JSON path)", async () => {
    const events = await run([
      chunk([{ functionCall: { name: "read_theme" }, thoughtSignature: "AY89" }]),
      chunk([{ functionCall: { name: "read_screen", willContinue: true } }]),
      chunk([
        {
          functionCall: {
            partialArgs: [{ jsonPath: "$.id", stringValue: "A", willContinue: true }],
            willContinue: true,
          },
        },
      ]),
      chunk([
        {
          functionCall: {
            partialArgs: [{ jsonPath: "$.id", stringValue: "" }],
            willContinue: true,
          },
        },
      ]),
      chunk([{ functionCall: {} }]),
      chunk([{ functionCall: { name: "read_screen", willContinue: true } }]),
      chunk([
        {
          functionCall: {
            partialArgs: [
              { jsonPath: "$.id", stringValue: "B" },
              { jsonPath: "$.opts.depth", numberValue: 2 },
              { jsonPath: "$.opts.flags[0]", boolValue: true },
              { jsonPath: "$['odd key']", nullValue: "NULL_VALUE" },
            ],
            willContinue: true,
          },
        },
      ]),
      // A new call closes the open one.
      chunk([{ functionCall: { name: "done" } }]),
      // A stray fragment with no call open is ignored.
      chunk([{ functionCall: { partialArgs: [{ jsonPath: "$.x", stringValue: "y" }] } }]),
      chunk([{ text: "" }], { finishReason: "STOP" }),
    ]);
    const ends = events.flatMap((e) =>
      e.type === "tool-call-end" ? [[e.name, JSON.parse(e.arguments)]] : [],
    );
    expect(ends).toEqual([
      ["read_theme", {}],
      ["read_screen", { id: "A" }],
      ["read_screen", { id: "B", opts: { depth: 2, flags: [true] }, "odd key": null }],
      ["done", {}],
    ]);
    for (const index of [0, 1, 2, 3]) {
      const deltas = events
        .filter((e) => e.type === "tool-call-delta" && e.index === index)
        .map((e) => (e.type === "tool-call-delta" ? e.argumentsDelta : ""))
        .join("");
      const end = events.find((e) => e.type === "tool-call-end" && e.index === index);
      expect(end?.type === "tool-call-end" && end.arguments).toBe(deltas);
    }
    const ids = new Set(
      events.flatMap((e) =>
        e.type === "tool-call-start" ? [decodeGeminiToolCallId(e.id).id] : [],
      ),
    );
    expect(ids.size).toBe(4);
    expect(events.at(-1)).toMatchObject({ type: "finish", finishReason: "tool_calls" });
  });

  it("closes a call still open when the stream ends", async () => {
    const events = await run([
      chunk([{ functionCall: { name: "f", willContinue: true, args: { a: 1 } } }], {
        finishReason: "STOP",
      }),
    ]);
    expect(events.find((e) => e.type === "tool-call-end")).toMatchObject({ arguments: '{"a":1}' });
  });

  it("sends no usage event when the stream carried none", async () => {
    const events = await run([
      {
        ...chunk([{ text: "Hi" }], { finishReason: "STOP" }),
        usageMetadata: { trafficType: "ON_DEMAND" },
      },
    ]);
    expect(events.map((e) => e.type)).toEqual(["text-delta", "finish"]);
  });

  it("ends a prompt blocked before any candidate with content_filter", async () => {
    const events = await run([
      {
        promptFeedback: { blockReason: "SAFETY" },
        usageMetadata: usage(5, 0),
        responseId: "blocked",
      },
    ]);
    expect(events).toEqual([
      { type: "usage", usage: { promptTokens: 5, completionTokens: 0, totalTokens: 5 } },
      {
        type: "finish",
        finishReason: "content_filter",
        rawFinishReason: "SAFETY",
        id: "blocked",
        model: "gemini-2.5-flash",
      },
    ]);
  });

  it("passes a safety stop after text on as content_filter", async () => {
    const events = await run([
      chunk([{ text: "Sure, here" }]),
      chunk([], { finishReason: "SAFETY" }),
    ]);
    expect(events.at(-1)).toMatchObject({
      finishReason: "content_filter",
      rawFinishReason: "SAFETY",
    });
  });

  it("yields no finish for a stream that ends without a finish reason (the runner reports truncation)", async () => {
    const events = await run([chunk([{ text: "Hel" }]), { candidates: [] }]);
    expect(events).toEqual([{ type: "text-delta", delta: "Hel" }]);
  });

  it("throws a retryable error for a malformed function call before any output", async () => {
    const err = await rejectionOf(run([chunk([], { finishReason: "MALFORMED_FUNCTION_CALL" })]));
    expect(isProviderError(err)).toBe(true);
    expect(err).toMatchObject({ status: 502, code: "upstream_error", retryable: true });
    expect((err as Error).message).toContain("MALFORMED_FUNCTION_CALL");
  });

  it("passes an error finish on after output", async () => {
    const events = await run([
      chunk([{ text: "Let me" }], { finishReason: "MALFORMED_FUNCTION_CALL" }),
    ]);
    expect(events.at(-1)).toMatchObject({
      finishReason: "error",
      rawFinishReason: "MALFORMED_FUNCTION_CALL",
    });
  });

  it("makes up a response id when Gemini sends none", async () => {
    const events = await run([
      { candidates: [{ content: { parts: [{ text: "x" }] }, finishReason: "STOP" }] },
    ]);
    expect(events.at(-1)).toMatchObject({
      id: expect.stringMatching(/^gemini-/),
      model: "gemini-2.5-flash",
    });
  });
});

describe("partial arguments", () => {
  it.each([
    ["$.a", ["a"]],
    ["$.a.b[2].c", ["a", "b", 2, "c"]],
    ['$[\'a b\']["c\\"d"]', ["a b", 'c"d']],
    ["$", []],
    ["a.b", undefined],
    ["$.a..b", undefined],
  ])("parses %s", (path, keys) => {
    expect(parseJsonPath(path)).toEqual(keys);
  });

  it("appends to a continuing string, replaces otherwise, and skips what it cannot place", () => {
    const args: Record<string, unknown> = { list: "x" };
    const continuing = new Set<string>();
    applyGeminiPartialArgs(
      args,
      [
        { jsonPath: "$.s", stringValue: "he", willContinue: true },
        { jsonPath: "$.s", stringValue: "llo" },
        { jsonPath: "$.s", stringValue: "new" },
        { jsonPath: "$.list[1]", numberValue: 5 },
        { jsonPath: "bad", stringValue: "x" },
        { jsonPath: "$", stringValue: "root" },
        { jsonPath: "$.empty" },
        {},
      ],
      continuing,
    );
    expect(args).toEqual({ s: "new", list: [undefined, 5] });
    expect(continuing.size).toBe(0);
  });
});
