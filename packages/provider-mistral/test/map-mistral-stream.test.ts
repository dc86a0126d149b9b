import type {
  CompletionChunk,
  CompletionEvent,
  CompletionResponseStreamChoice,
} from "@mistralai/mistralai/models/components";
import { type ChatStreamEvent, isProviderError } from "@oss-ai-agent-tool/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mapMistralStream } from "../src/index.js";

type Delta = CompletionResponseStreamChoice["delta"];

function chunk(
  delta: Delta,
  finishReason: CompletionResponseStreamChoice["finishReason"] = null,
  usage?: CompletionChunk["usage"],
): CompletionEvent {
  return {
    data: {
      id: "s-1",
      model: "mistral-small-latest",
      choices: [{ index: 0, delta, finishReason }],
      ...(usage ? { usage } : {}),
    },
  };
}

async function* from(events: CompletionEvent[]): AsyncGenerator<CompletionEvent> {
  for (const event of events) yield event;
}

async function run(events: CompletionEvent[]): Promise<ChatStreamEvent[]> {
  const out: ChatStreamEvent[] = [];
  for await (const event of mapMistralStream(from(events), "mistral")) out.push(event);
  return out;
}

const usage = { promptTokens: 5, completionTokens: 3, totalTokens: 8 };

describe("mapMistralStream", () => {
  it("streams text, then usage, then finish from the same final chunk", async () => {
    const events = await run([
      chunk({ role: "assistant", content: "" }),
      chunk({ content: "Hel" }),
      chunk({ content: "lo" }, "stop", usage),
    ]);
    expect(events).toEqual([
      { type: "text-delta", delta: "Hel" },
      { type: "text-delta", delta: "lo" },
      { type: "usage", usage },
      {
        type: "finish",
        finishReason: "stop",
        rawFinishReason: "stop",
        id: "s-1",
        model: "mistral-small-latest",
      },
    ]);
  });

  it("turns thinking chunks into reasoning deltas, in order with the text", async () => {
    const events = await run([
      chunk({ content: [{ type: "thinking", thinking: [{ type: "text", text: "Hmm" }] }] }),
      chunk({
        content: [
          { type: "thinking", thinking: [{ type: "text", text: "." }], closed: true },
          { type: "text", text: "1" },
        ],
      }),
      chunk({ content: "44" }, "stop", usage),
    ]);
    expect(events.slice(0, 4)).toEqual([
      { type: "reasoning-delta", delta: "Hmm" },
      { type: "reasoning-delta", delta: "." },
      { type: "text-delta", delta: "1" },
      { type: "text-delta", delta: "44" },
    ]);
  });

  it("maps a whole tool call sent in one delta without an index, finish and usage alongside", async () => {
    const events = await run([
      chunk({ role: "assistant", content: "" }),
      chunk(
        {
          content: null,
          toolCalls: [{ id: "gSIMJiOkT", function: { name: "weather", arguments: '{"l": "SF"}' } }],
        },
        "tool_calls",
        usage,
      ),
    ]);
    expect(events).toEqual([
      { type: "tool-call-start", index: 0, id: "gSIMJiOkT", name: "weather" },
      { type: "tool-call-delta", index: 0, id: "gSIMJiOkT", argumentsDelta: '{"l": "SF"}' },
      {
        type: "tool-call-end",
        index: 0,
        id: "gSIMJiOkT",
        name: "weather",
        arguments: '{"l": "SF"}',
      },
      { type: "usage", usage },
      expect.objectContaining({ type: "finish", finishReason: "tool_calls" }),
    ]);
  });

  it("keeps parallel calls apart by id even when the SDK gives them the same index", async () => {
    const events = await run([
      chunk(
        {
          toolCalls: [
            { id: "aaaaaaaaa", function: { name: "a", arguments: "{}" } },
            { id: "bbbbbbbbb", function: { name: "b", arguments: { x: 1 } } },
          ],
        },
        "tool_calls",
      ),
    ]);
    const ends = events.filter((e) => e.type === "tool-call-end");
    expect(ends).toEqual([
      { type: "tool-call-end", index: 0, id: "aaaaaaaaa", name: "a", arguments: "{}" },
      { type: "tool-call-end", index: 1, id: "bbbbbbbbb", name: "b", arguments: '{"x":1}' },
    ]);
  });

  it("joins argument fragments that carry no id by their wire index, and names a call late", async () => {
    const events = await run([
      chunk({ toolCalls: [{ id: "call-x", function: { name: "", arguments: "" }, index: 0 }] }),
      chunk({
        toolCalls: [{ id: "null", function: { name: "search", arguments: '{"q":' }, index: 0 }],
      }),
      chunk({ toolCalls: [{ function: { name: "", arguments: '"x"}' }, index: 0 }] }),
      chunk({ toolCalls: [{ function: { name: "", arguments: "" }, index: 1 }] }, "tool_calls"),
    ]);
    expect(events.filter((e) => e.type === "tool-call-start")).toEqual([
      { type: "tool-call-start", index: 0, id: "call-x", name: "" },
      { type: "tool-call-start", index: 1, id: "call_1", name: "" },
    ]);
    expect(events.filter((e) => e.type === "tool-call-end")).toEqual([
      { type: "tool-call-end", index: 0, id: "call-x", name: "search", arguments: '{"q":"x"}' },
      { type: "tool-call-end", index: 1, id: "call_1", name: "", arguments: "{}" },
    ]);
  });

  it("reassembles any split of the arguments", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.array(fc.nat(), { maxLength: 6 }),
        async (args, cuts) => {
          const text = JSON.stringify(args);
          const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
          const pieces: string[] = [];
          let last = 0;
          for (const p of [...points, text.length]) {
            pieces.push(text.slice(last, p));
            last = p;
          }
          const events = await run([
            chunk({ toolCalls: [{ id: "idAAAAAAA", function: { name: "f", arguments: "" } }] }),
            ...pieces.map((piece) =>
              chunk({ toolCalls: [{ function: { name: "", arguments: piece } }] }),
            ),
            chunk({ content: "" }, "tool_calls"),
          ]);
          const end = events.find((e) => e.type === "tool-call-end");
          expect(end?.type === "tool-call-end" && JSON.parse(end.arguments)).toEqual(
            JSON.parse(text),
          );
          const deltas = events.flatMap((e) =>
            e.type === "tool-call-delta" ? [e.argumentsDelta] : [],
          );
          expect(deltas.join("")).toBe(text);
        },
      ),
    );
  });

  it("yields no finish when the stream ends without a finish reason", async () => {
    const events = await run([chunk({ content: "Hel" })]);
    expect(events).toEqual([{ type: "text-delta", delta: "Hel" }]);
  });

  it("skips chunks without choices, taking usage from them", async () => {
    const events = await run([
      { data: { id: "s-1", model: "m", choices: [], usage } },
      chunk({ content: "ok" }, "stop"),
    ]);
    expect(events.map((e) => e.type)).toEqual(["text-delta", "usage", "finish"]);
  });

  it("throws a retryable error for finish reason error before any output", async () => {
    let caught: unknown;
    try {
      await run([chunk({ role: "assistant", content: "" }), chunk({ content: "" }, "error")]);
    } catch (err) {
      caught = err;
    }
    expect(isProviderError(caught)).toBe(true);
    expect(caught).toMatchObject({ status: 502, code: "upstream_error", retryable: true });
  });

  it("passes finish reason error on once output was sent", async () => {
    const events = await run([chunk({ content: "partial" }), chunk({ content: "" }, "error")]);
    expect(events.at(-1)).toMatchObject({
      type: "finish",
      finishReason: "error",
      rawFinishReason: "error",
    });
  });
});
