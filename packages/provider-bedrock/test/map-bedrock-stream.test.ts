import type { ConverseStreamOutput } from "@aws-sdk/client-bedrock-runtime";
import { collectEvents, textOf } from "@oss-ai-agent-tool/testkit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mapBedrockStream } from "../src/index.js";

async function* from(events: ConverseStreamOutput[]): AsyncGenerator<ConverseStreamOutput> {
  for (const event of events) yield event;
}

const run = (events: ConverseStreamOutput[]) =>
  collectEvents(mapBedrockStream(from(events), { id: "bedrock-1", model: "m" }));

const stop = (stopReason = "end_turn"): ConverseStreamOutput => ({
  messageStop: { stopReason: stopReason as never },
});
const text = (t: string, block = 0): ConverseStreamOutput => ({
  contentBlockDelta: { contentBlockIndex: block, delta: { text: t } },
});

describe("mapBedrockStream", () => {
  it("holds usage and finish until the stream ends, even when metadata precedes messageStop", async () => {
    const events = await run([
      text("Hi"),
      {
        metadata: {
          usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 },
          metrics: undefined,
        },
      },
      stop(),
    ]);
    expect(events).toEqual([
      { type: "text-delta", delta: "Hi" },
      { type: "usage", usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 } },
      {
        type: "finish",
        finishReason: "stop",
        rawFinishReason: "end_turn",
        id: "bedrock-1",
        model: "m",
      },
    ]);
  });

  it("yields no finish for a stream without messageStop", async () => {
    expect(await run([{ messageStart: { role: "assistant" } }, text("Hi")])).toEqual([
      { type: "text-delta", delta: "Hi" },
    ]);
  });

  it("skips empty deltas, signatures and blocks it does not know", async () => {
    const events = await run([
      text(""),
      { contentBlockDelta: { contentBlockIndex: 0, delta: { reasoningContent: { text: "" } } } },
      {
        contentBlockDelta: {
          contentBlockIndex: 0,
          delta: { reasoningContent: { redactedContent: new Uint8Array([1]) } },
        },
      },
      { contentBlockStart: { contentBlockIndex: 1, start: { image: { format: "png" } } } as never },
      { contentBlockStop: { contentBlockIndex: 1 } },
      { $unknown: ["newEvent", {}] } as ConverseStreamOutput,
      { messageStop: { stopReason: undefined } },
    ]);
    expect(events).toEqual([
      { type: "finish", finishReason: "other", id: "bedrock-1", model: "m" },
    ]);
  });

  it("opens a tool call whose fragment comes before its start, and ends open calls at the end", async () => {
    const events = await run([
      { contentBlockDelta: { contentBlockIndex: 3, delta: { toolUse: { input: '{"a":' } } } },
      { contentBlockDelta: { contentBlockIndex: 3, delta: { toolUse: { input: "1}" } } } },
      {
        contentBlockStart: {
          contentBlockIndex: 4,
          start: { toolUse: { toolUseId: "t2", name: "g" } },
        },
      },
      { contentBlockDelta: { contentBlockIndex: 4, delta: { toolUse: { input: "" } } } },
      stop("tool_use"),
    ]);
    expect(events).toEqual([
      { type: "tool-call-start", index: 0, id: "tooluse_0", name: "" },
      { type: "tool-call-delta", index: 0, id: "tooluse_0", argumentsDelta: '{"a":' },
      { type: "tool-call-delta", index: 0, id: "tooluse_0", argumentsDelta: "1}" },
      { type: "tool-call-start", index: 1, id: "t2", name: "g" },
      { type: "tool-call-end", index: 0, id: "tooluse_0", name: "", arguments: '{"a":1}' },
      { type: "tool-call-end", index: 1, id: "t2", name: "g", arguments: "{}" },
      {
        type: "finish",
        finishReason: "tool_calls",
        rawFinishReason: "tool_use",
        id: "bedrock-1",
        model: "m",
      },
    ]);
  });

  it("passes an error thrown by the SDK's iterator on", async () => {
    async function* failing(): AsyncGenerator<ConverseStreamOutput> {
      yield text("Hi");
      throw Object.assign(new Error("Slow down"), { name: "ThrottlingException" });
    }
    await expect(collectEvents(mapBedrockStream(failing(), { model: "m" }))).rejects.toThrow(
      "Slow down",
    );
  });

  it("reassembles any split of text and tool arguments, finish last", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string(), { maxLength: 8 }),
        fc.array(fc.string({ minLength: 1 }), { maxLength: 8 }),
        async (texts, args) => {
          const events = await run([
            ...texts.map((t) => text(t)),
            {
              contentBlockStart: {
                contentBlockIndex: 1,
                start: { toolUse: { toolUseId: "t", name: "f" } },
              },
            },
            ...args.map((input) => ({
              contentBlockDelta: { contentBlockIndex: 1, delta: { toolUse: { input } } },
            })),
            { contentBlockStop: { contentBlockIndex: 1 } },
            stop("tool_use"),
          ]);
          expect(textOf(events)).toBe(texts.join(""));
          const end = events.find((e) => e.type === "tool-call-end");
          expect(end).toMatchObject({
            arguments: args.join("").trim() === "" ? "{}" : args.join(""),
          });
          expect(events.at(-1)?.type).toBe("finish");
          expect(events.filter((e) => e.type === "finish")).toHaveLength(1);
        },
      ),
      { numRuns: 50 },
    );
  });
});
