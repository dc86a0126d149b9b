import type { ChatStreamEvent } from "@oss-ai-agent-tool/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type MapAnthropicStreamOptions, mapAnthropicStream } from "../src/index.js";

type Event = { type: string; [key: string]: unknown };

const start = (usage: Record<string, unknown> = { input_tokens: 10, output_tokens: 1 }): Event => ({
  type: "message_start",
  message: {
    id: "msg_1",
    type: "message",
    role: "assistant",
    model: "claude-haiku-4-5",
    content: [],
    stop_reason: null,
    usage,
  },
});
const blockStart = (index: number, content_block: Record<string, unknown>): Event => ({
  type: "content_block_start",
  index,
  content_block,
});
const delta = (index: number, d: Record<string, unknown>): Event => ({
  type: "content_block_delta",
  index,
  delta: d,
});
const text = (index: number, t: string) => delta(index, { type: "text_delta", text: t });
const json = (index: number, partial_json: string) =>
  delta(index, { type: "input_json_delta", partial_json });
const stop = (index: number): Event => ({ type: "content_block_stop", index });
const messageDelta = (
  stop_reason: string | null,
  usage: Record<string, unknown> | null = { output_tokens: 5 },
): Event => ({
  type: "message_delta",
  delta: { stop_reason, stop_sequence: null },
  usage,
});
const end: Event = { type: "message_stop" };
const toolStart = (index: number, id: string, name: string, input: unknown = {}) =>
  blockStart(index, { type: "tool_use", id, name, input, caller: { type: "direct" } });

async function run(
  events: Event[],
  options?: MapAnthropicStreamOptions,
): Promise<ChatStreamEvent[]> {
  async function* source() {
    for (const event of events) yield event;
  }
  const out: ChatStreamEvent[] = [];
  for await (const event of mapAnthropicStream(source(), options)) out.push(event);
  return out;
}

describe("mapAnthropicStream", () => {
  it("streams text, then usage, then finish last", async () => {
    const events = await run([
      start(),
      blockStart(0, { type: "text", text: "" }),
      text(0, "Hel"),
      text(0, "lo"),
      stop(0),
      messageDelta("end_turn"),
      end,
    ]);
    expect(events).toEqual([
      { type: "text-delta", delta: "Hel" },
      { type: "text-delta", delta: "lo" },
      { type: "usage", usage: { promptTokens: 10, completionTokens: 5, totalTokens: 15 } },
      {
        type: "finish",
        finishReason: "stop",
        rawFinishReason: "end_turn",
        id: "msg_1",
        model: "claude-haiku-4-5",
      },
    ]);
  });

  it("reports thinking as reasoning deltas and skips the signature and redacted thinking", async () => {
    const events = await run([
      start(),
      blockStart(0, { type: "thinking", thinking: "", signature: "" }),
      delta(0, { type: "thinking_delta", thinking: "Let me think" }),
      delta(0, { type: "thinking_delta", thinking: "" }),
      delta(0, { type: "signature_delta", signature: "EqQBCgIYAhIM" }),
      stop(0),
      blockStart(1, { type: "redacted_thinking", data: "opaque" }),
      stop(1),
      blockStart(2, { type: "text", text: "" }),
      text(2, "42"),
      delta(2, { type: "citations_delta", citation: {} }),
      stop(2),
      messageDelta("end_turn"),
      end,
    ]);
    expect(events.slice(0, 2)).toEqual([
      { type: "reasoning-delta", delta: "Let me think" },
      { type: "text-delta", delta: "42" },
    ]);
    expect(JSON.stringify(events)).not.toContain("EqQBCgIYAhIM");
    expect(JSON.stringify(events)).not.toContain("opaque");
  });

  it("passes on text and thinking a block start already carries", async () => {
    const events = await run([
      start(),
      blockStart(0, { type: "thinking", thinking: "pre-thought", signature: "" }),
      stop(0),
      blockStart(1, { type: "text", text: "Pre" }),
      text(1, "fix"),
      stop(1),
      messageDelta("end_turn"),
      end,
    ]);
    expect(events.slice(0, 3)).toEqual([
      { type: "reasoning-delta", delta: "pre-thought" },
      { type: "text-delta", delta: "Pre" },
      { type: "text-delta", delta: "fix" },
    ]);
  });

  it("reassembles tool calls from input_json_delta fragments, with indexes in order", async () => {
    const events = await run([
      start(),
      blockStart(0, { type: "text", text: "" }),
      text(0, "Checking."),
      stop(0),
      toolStart(1, "toolu_a", "get_weather"),
      json(1, ""),
      json(1, '{"city": "Zü'),
      json(1, 'rich"}'),
      stop(1),
      toolStart(2, "toolu_b", "get_time"),
      json(2, '{"tz":"CET"}'),
      stop(2),
      messageDelta("tool_use"),
      end,
    ]);
    expect(events.filter((e) => e.type !== "text-delta")).toEqual([
      { type: "tool-call-start", index: 0, id: "toolu_a", name: "get_weather" },
      { type: "tool-call-delta", index: 0, id: "toolu_a", argumentsDelta: '{"city": "Zü' },
      { type: "tool-call-delta", index: 0, id: "toolu_a", argumentsDelta: 'rich"}' },
      {
        type: "tool-call-end",
        index: 0,
        id: "toolu_a",
        name: "get_weather",
        arguments: '{"city": "Zürich"}',
      },
      { type: "tool-call-start", index: 1, id: "toolu_b", name: "get_time" },
      { type: "tool-call-delta", index: 1, id: "toolu_b", argumentsDelta: '{"tz":"CET"}' },
      {
        type: "tool-call-end",
        index: 1,
        id: "toolu_b",
        name: "get_time",
        arguments: '{"tz":"CET"}',
      },
      { type: "usage", usage: { promptTokens: 10, completionTokens: 5, totalTokens: 15 } },
      expect.objectContaining({
        type: "finish",
        finishReason: "tool_calls",
        rawFinishReason: "tool_use",
      }),
    ]);
  });

  it('ends a tool call without arguments as "{}", with a matching delta', async () => {
    const events = await run([
      start(),
      toolStart(0, "toolu_n", "refresh"),
      json(0, ""),
      stop(0),
      messageDelta("tool_use"),
      end,
    ]);
    expect(events.slice(0, 3)).toEqual([
      { type: "tool-call-start", index: 0, id: "toolu_n", name: "refresh" },
      { type: "tool-call-delta", index: 0, id: "toolu_n", argumentsDelta: "{}" },
      { type: "tool-call-end", index: 0, id: "toolu_n", name: "refresh", arguments: "{}" },
    ]);
  });

  it("uses the input a tool_use start carries when no fragment follows", async () => {
    const events = await run([
      start(),
      toolStart(0, "toolu_i", "f", { a: 1 }),
      stop(0),
      messageDelta("tool_use"),
      end,
    ]);
    expect(events.find((e) => e.type === "tool-call-end")).toMatchObject({ arguments: '{"a":1}' });
  });

  it("skips server-tool blocks (they ran upstream) and unknown events", async () => {
    const events = await run([
      start(),
      blockStart(0, {
        type: "server_tool_use",
        id: "srvtoolu_1",
        name: "bash_code_execution",
        input: {},
      }),
      json(0, '{"command":"ls"}'),
      stop(0),
      blockStart(1, {
        type: "bash_code_execution_tool_result",
        tool_use_id: "srvtoolu_1",
        content: {},
      }),
      stop(1),
      { type: "some_future_event", data: 1 },
      blockStart(2, { type: "text", text: "" }),
      text(2, "Done."),
      stop(2),
      messageDelta("end_turn"),
      end,
    ]);
    expect(events.map((e) => e.type)).toEqual(["text-delta", "usage", "finish"]);
  });

  it("merges usage: message_delta's final counts win, cache reads and writes are part of the prompt", async () => {
    const events = await run([
      start({
        input_tokens: 2,
        cache_creation_input_tokens: 3068,
        cache_read_input_tokens: 0,
        output_tokens: 69,
      }),
      blockStart(0, { type: "text", text: "" }),
      text(0, "x"),
      stop(0),
      messageDelta("end_turn", {
        input_tokens: 6,
        cache_creation_input_tokens: 3337,
        cache_read_input_tokens: 6289,
        output_tokens: 198,
        output_tokens_details: { thinking_tokens: 12 },
      }),
      end,
    ]);
    expect(events.find((e) => e.type === "usage")).toEqual({
      type: "usage",
      usage: {
        promptTokens: 6 + 3337 + 6289,
        completionTokens: 198,
        totalTokens: 6 + 3337 + 6289 + 198,
        cachedPromptTokens: 6289,
        cacheWritePromptTokens: 3337,
        reasoningTokens: 12,
      },
    });
  });

  it("streams without usage: no usage event, finish still last", async () => {
    const events = await run([
      { type: "message_start", message: { id: "msg_2", model: "m" } },
      blockStart(0, { type: "text", text: "" }),
      text(0, "ok"),
      stop(0),
      messageDelta("end_turn", null),
      end,
    ]);
    expect(events.map((e) => e.type)).toEqual(["text-delta", "finish"]);
  });

  it("yields no finish when message_stop never came (the runner reports truncation)", async () => {
    const events = await run([
      start(),
      toolStart(0, "toolu_t", "f"),
      json(0, '{"a":'),
      messageDelta("tool_use"),
    ]);
    expect(events.map((e) => e.type)).toEqual(["tool-call-start", "tool-call-delta"]);
  });

  it("ends a block the stream never closed once message_stop comes", async () => {
    const events = await run([
      start(),
      toolStart(0, "toolu_u", "f"),
      json(0, '{"a":1}'),
      messageDelta("tool_use"),
      end,
    ]);
    expect(events.find((e) => e.type === "tool-call-end")).toMatchObject({ arguments: '{"a":1}' });
  });

  it.each([
    ["max_tokens", "length"],
    ["refusal", "content_filter"],
    ["pause_turn", "other"],
    [null, "other"],
  ])("maps stop reason %s to %s", async (reason, expected) => {
    const events = await run([
      start(),
      blockStart(0, { type: "text", text: "a" }),
      stop(0),
      messageDelta(reason),
      end,
    ]);
    expect(events.at(-1)).toMatchObject({ type: "finish", finishReason: expected });
  });

  it("streams the forced json tool's input as reply text in json_object mode", async () => {
    const events = await run(
      [
        start(),
        toolStart(0, "toolu_j", "json"),
        json(0, ""),
        json(0, '{"answer":'),
        json(0, " 42}"),
        stop(0),
        messageDelta("tool_use"),
        end,
      ],
      { jsonTool: true },
    );
    expect(events).toEqual([
      { type: "text-delta", delta: '{"answer":' },
      { type: "text-delta", delta: " 42}" },
      expect.objectContaining({ type: "usage" }),
      expect.objectContaining({
        type: "finish",
        finishReason: "stop",
        rawFinishReason: "tool_use",
      }),
    ]);
  });

  it("answers {} (or the start's input) for a json tool call without fragments", async () => {
    const empty = await run(
      [start(), toolStart(0, "t", "json"), stop(0), messageDelta("tool_use"), end],
      { jsonTool: true },
    );
    expect(empty[0]).toEqual({ type: "text-delta", delta: "{}" });
    const carried = await run(
      [start(), toolStart(0, "t", "json", { a: 1 }), stop(0), messageDelta("tool_use"), end],
      {
        jsonTool: true,
      },
    );
    expect(carried[0]).toEqual({ type: "text-delta", delta: '{"a":1}' });
  });

  it("rethrows an error the event source throws", async () => {
    async function* failing() {
      yield start();
      throw new Error("boom");
    }
    await expect(async () => {
      for await (const _ of mapAnthropicStream(failing())) {
        // drain
      }
    }).rejects.toThrow("boom");
  });

  it("reassembles any arguments split anywhere, the deltas adding up to them (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.string({ unit: "grapheme" }), fc.jsonValue()),
        fc.array(fc.nat(), { maxLength: 8 }),
        async (input, cuts) => {
          const args = JSON.stringify(input);
          // Cut at code-unit positions: inside strings, escapes, numbers, anywhere.
          const points = [...new Set(cuts.map((c) => c % (args.length + 1)))].sort((a, b) => a - b);
          const pieces: string[] = [];
          let at = 0;
          for (const p of [...points, args.length]) {
            pieces.push(args.slice(at, p));
            at = p;
          }
          const events = await run([
            start(),
            toolStart(0, "toolu_p", "f"),
            ...pieces.map((p) => json(0, p)),
            stop(0),
            messageDelta("tool_use"),
            end,
          ]);
          const deltas = events.flatMap((e) =>
            e.type === "tool-call-delta" ? [e.argumentsDelta] : [],
          );
          const endEvent = events.find((e) => e.type === "tool-call-end");
          expect(endEvent).toMatchObject({ arguments: args === "{}" ? "{}" : args });
          expect(deltas.join("")).toBe(args);
          expect(JSON.parse(deltas.join(""))).toEqual(JSON.parse(args));
        },
      ),
    );
  });
});
