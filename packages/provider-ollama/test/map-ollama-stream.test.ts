import type { ChatStreamEvent } from "@oss-ai-agent-tool/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mapOllamaStream } from "../src/map-ollama-stream.js";
import type { OllamaWireChatChunk } from "../src/ollama-wire-types.js";

async function* from(chunks: OllamaWireChatChunk[]): AsyncGenerator<OllamaWireChatChunk> {
  for (const chunk of chunks) yield chunk;
}

async function collect(chunks: OllamaWireChatChunk[], model = "m"): Promise<ChatStreamEvent[]> {
  const events: ChatStreamEvent[] = [];
  for await (const event of mapOllamaStream(from(chunks), model)) events.push(event);
  return events;
}

const at = "2026-01-15T10:20:30.1Z";
const piece = (message: OllamaWireChatChunk["message"]): OllamaWireChatChunk => ({
  model: "qwen3",
  created_at: at,
  message: { role: "assistant", content: "", ...message },
  done: false,
});
const done = (extra: Partial<OllamaWireChatChunk> = {}): OllamaWireChatChunk => ({
  model: "qwen3",
  created_at: at,
  message: { role: "assistant", content: "" },
  done: true,
  done_reason: "stop",
  prompt_eval_count: 10,
  eval_count: 5,
  ...extra,
});

describe("mapOllamaStream", () => {
  it("emits reasoning and text deltas, then usage, then finish last", async () => {
    const events = await collect([
      piece({ thinking: "Let me" }),
      piece({ thinking: " think." }),
      piece({ content: "Hi" }),
      piece({ content: " there" }),
      done(),
    ]);
    expect(events).toEqual([
      { type: "reasoning-delta", delta: "Let me" },
      { type: "reasoning-delta", delta: " think." },
      { type: "text-delta", delta: "Hi" },
      { type: "text-delta", delta: " there" },
      { type: "usage", usage: { promptTokens: 10, completionTokens: 5, totalTokens: 15 } },
      {
        type: "finish",
        finishReason: "stop",
        rawFinishReason: "stop",
        id: expect.stringMatching(/^ollama-/),
        model: "qwen3",
      },
    ]);
  });

  it("turns each whole tool call into start, one delta and end, with stable ids and indexes", async () => {
    const events = await collect([
      piece({ tool_calls: [{ function: { name: "a", arguments: { x: 1 } } }] }),
      piece({
        tool_calls: [
          { id: "call_srv", function: { name: "b", arguments: {} } },
          { function: { name: "c", arguments: { y: "z" } } },
        ],
      }),
      done(),
    ]);
    const calls = events.filter((e) => e.type.startsWith("tool-call"));
    expect(calls.map((e) => [e.type, "index" in e ? e.index : -1])).toEqual([
      ["tool-call-start", 0],
      ["tool-call-delta", 0],
      ["tool-call-end", 0],
      ["tool-call-start", 1],
      ["tool-call-delta", 1],
      ["tool-call-end", 1],
      ["tool-call-start", 2],
      ["tool-call-delta", 2],
      ["tool-call-end", 2],
    ]);
    const ends = events.flatMap((e) => (e.type === "tool-call-end" ? [e] : []));
    expect(ends.map((e) => [e.name, e.arguments])).toEqual([
      ["a", '{"x":1}'],
      ["b", "{}"],
      ["c", '{"y":"z"}'],
    ]);
    expect(ends[1]?.id).toBe("call_srv");
    for (const end of ends) {
      const related = calls.filter((e) => "id" in e && e.id === end.id);
      expect(related).toHaveLength(3);
    }
    expect(events.at(-1)).toMatchObject({
      type: "finish",
      finishReason: "tool_calls",
      rawFinishReason: "stop",
    });
    const again = await collect([
      piece({ tool_calls: [{ function: { name: "a", arguments: { x: 1 } } }] }),
      done(),
    ]);
    expect(again.find((e) => e.type === "tool-call-start")).toEqual(calls[0]);
  });

  it("yields no finish when the stream ends without its done chunk", async () => {
    const events = await collect([piece({ content: "partial" })]);
    expect(events).toEqual([{ type: "text-delta", delta: "partial" }]);
  });

  it("stops at the done chunk, ignoring anything after it", async () => {
    const events = await collect([done({ done_reason: "length" }), piece({ content: "late" })]);
    expect(events.map((e) => e.type)).toEqual(["usage", "finish"]);
    expect(events.at(-1)).toMatchObject({ finishReason: "length" });
  });

  it("has no usage event when the done chunk has no counts, and uses the requested model then", async () => {
    const events = await collect([{ done: true, message: { content: "x" } }], "requested");
    expect(events).toEqual([
      { type: "text-delta", delta: "x" },
      { type: "finish", finishReason: "stop", id: expect.any(String), model: "requested" },
    ]);
  });

  it("reassembles any text split into any chunks, with finish last", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ unit: "grapheme" }), { maxLength: 20 }),
        async (parts) => {
          const events = await collect([...parts.map((content) => piece({ content })), done()]);
          const text = events.flatMap((e) => (e.type === "text-delta" ? [e.delta] : [])).join("");
          expect(text).toBe(parts.join(""));
          expect(events.at(-1)?.type).toBe("finish");
          expect(events.at(-2)?.type).toBe("usage");
        },
      ),
    );
  });
});
