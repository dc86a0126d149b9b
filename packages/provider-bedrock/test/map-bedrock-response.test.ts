import type { ContentBlock, ConverseResponse } from "@aws-sdk/client-bedrock-runtime";
import { FINISH_REASONS } from "@oss-ai-agent-tool/core";
import { describe, expect, it } from "vitest";
import {
  bedrockModelOwner,
  bedrockReplyId,
  mapBedrockFinishReason,
  mapBedrockModels,
  mapBedrockResponse,
  mapBedrockUsage,
  mapWithConcurrency,
  parseTitanEmbedding,
  toolArguments,
  toTitanEmbedBody,
} from "../src/index.js";

const usage = { inputTokens: 3, outputTokens: 2, totalTokens: 5 };
const reply = (
  content: ContentBlock[],
  extra: Partial<ConverseResponse> = {},
): ConverseResponse => ({
  output: { message: { role: "assistant", content } },
  stopReason: "end_turn",
  usage,
  metrics: { latencyMs: 1 },
  ...extra,
});

describe("mapBedrockResponse", () => {
  it("joins text, collects tool calls and reasoning, and keeps the raw stop reason", () => {
    const res = mapBedrockResponse(
      reply(
        [
          { reasoningContent: { reasoningText: { text: "hmm", signature: "sig" } } },
          { reasoningContent: { redactedContent: new Uint8Array([1]) } },
          { text: "Hello " },
          { text: "world" },
          { toolUse: { toolUseId: "tu1", name: "f", input: { a: [1, 2] } } },
          { toolUse: { toolUseId: undefined, name: undefined, input: undefined } },
        ],
        { stopReason: "tool_use" },
      ),
      "bedrock",
      { model: "m", requestId: "abc" },
    );
    expect(res).toEqual({
      id: "bedrock-abc",
      provider: "bedrock",
      model: "m",
      output: "Hello world",
      reasoning: "hmm",
      toolCalls: [
        { id: "tu1", name: "f", arguments: '{"a":[1,2]}' },
        { id: "tooluse_1", name: "", arguments: "{}" },
      ],
      finishReason: "tool_calls",
      rawFinishReason: "tool_use",
      usage: { promptTokens: 3, completionTokens: 2, totalTokens: 5 },
    });
  });

  it("reports the model a prompt router invoked, and copes with a reply without output", () => {
    const res = mapBedrockResponse(
      {
        output: undefined,
        stopReason: undefined,
        usage: undefined,
        metrics: undefined,
        trace: { promptRouter: { invokedModelId: "arn:aws:bedrock:...:nova-pro" } },
      },
      "bedrock",
      { model: "router" },
    );
    expect(res).toMatchObject({
      model: "arn:aws:bedrock:...:nova-pro",
      output: "",
      finishReason: "other",
    });
    expect(res).not.toHaveProperty("usage");
    expect(res).not.toHaveProperty("rawFinishReason");
    expect(res.id).toMatch(/^bedrock-[0-9a-f-]{36}$/);
  });
});

describe("mapBedrockFinishReason", () => {
  it.each([
    ["end_turn", "stop"],
    ["stop_sequence", "stop"],
    ["max_tokens", "length"],
    ["model_context_window_exceeded", "length"],
    ["tool_use", "tool_calls"],
    ["guardrail_intervened", "content_filter"],
    ["content_filtered", "content_filter"],
    ["malformed_model_output", "error"],
    ["malformed_tool_use", "error"],
    ["something_new", "other"],
    [undefined, "other"],
  ])("maps %s to %s", (raw, expected) => {
    expect(mapBedrockFinishReason(raw)).toBe(expected);
    expect(FINISH_REASONS).toContain(mapBedrockFinishReason(raw));
  });
});

describe("mapBedrockUsage", () => {
  it("adds the cache counts to the prompt tokens, as the contract counts them", () => {
    expect(
      mapBedrockUsage({
        inputTokens: 10,
        outputTokens: 4,
        totalTokens: 7365,
        cacheReadInputTokens: 0,
        cacheWriteInputTokens: 7351,
      }),
    ).toEqual({
      promptTokens: 7361,
      completionTokens: 4,
      totalTokens: 7365,
      cachedPromptTokens: 0,
      cacheWritePromptTokens: 7351,
    });
  });

  it("fills a missing total and missing counts", () => {
    expect(
      mapBedrockUsage({ inputTokens: 2, outputTokens: undefined, totalTokens: undefined }),
    ).toEqual({ promptTokens: 2, completionTokens: 0, totalTokens: 2 });
    expect(mapBedrockUsage(undefined)).toBeUndefined();
  });
});

describe("ids and arguments", () => {
  it("serializes tool input, with {} for none", () => {
    expect(toolArguments({ a: 1 })).toBe('{"a":1}');
    expect(toolArguments(null)).toBe("{}");
    expect(toolArguments(undefined)).toBe("{}");
  });

  it("labels a reply with the request id, or a random one", () => {
    expect(bedrockReplyId("r-1")).toBe("bedrock-r-1");
    expect(bedrockReplyId(undefined)).not.toBe(bedrockReplyId(undefined));
  });
});

describe("models", () => {
  it.each([
    ["anthropic.claude-3-5-haiku-20241022-v1:0", "anthropic"],
    ["us.anthropic.claude-haiku-4-5-20251001-v1:0", "anthropic"],
    ["global.anthropic.claude-sonnet-4-5-20250929-v1:0", "anthropic"],
    ["eu.amazon.nova-lite-v1:0", "amazon"],
    ["meta.llama3-8b-instruct-v1:0", "meta"],
    ["arn:aws:bedrock:us-east-1:123:inference-profile/x", undefined],
    ["custom", undefined],
  ])("the owner of %s is %s", (id, owner) => {
    expect(bedrockModelOwner(id)).toBe(owner);
  });

  it("lists configured models once each, in order", () => {
    expect(mapBedrockModels(["a.x", "custom", "a.x"])).toEqual([
      { id: "a.x", ownedBy: "a" },
      { id: "custom" },
    ]);
  });
});

describe("Titan embeddings", () => {
  it("sends dimensions and normalize only when set", () => {
    expect(toTitanEmbedBody("hi")).toEqual({ inputText: "hi" });
    expect(toTitanEmbedBody("hi", { dimensions: 512, normalize: true })).toEqual({
      inputText: "hi",
      dimensions: 512,
      normalize: true,
    });
  });

  it("reads a reply, and refuses one without a numeric vector", () => {
    expect(
      parseTitanEmbedding('{"embedding":[0.5,-1],"inputTextTokenCount":2}', "bedrock"),
    ).toEqual({ embedding: [0.5, -1], inputTextTokenCount: 2 });
    expect(parseTitanEmbedding('{"embedding":[]}', "bedrock").inputTextTokenCount).toBe(0);
    for (const body of ["nope", "{}", '{"embedding":["a"]}', "null"])
      expect(() => parseTitanEmbedding(body, "bedrock")).toThrow(
        expect.objectContaining({ status: 502, code: "invalid_response" }),
      );
  });

  it("runs tasks with bounded concurrency, keeping the input order", async () => {
    let running = 0;
    let peak = 0;
    const out = await mapWithConcurrency([5, 1, 4, 2, 3], 2, async (ms, i) => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, ms));
      running -= 1;
      return i;
    });
    expect(out).toEqual([0, 1, 2, 3, 4]);
    expect(peak).toBe(2);
    expect(await mapWithConcurrency([], 4, async () => 1)).toEqual([]);
  });

  it("stops starting tasks after the first failure", async () => {
    const started: number[] = [];
    await expect(
      mapWithConcurrency([0, 1, 2, 3], 1, async (n) => {
        started.push(n);
        if (n === 1) throw new Error("boom");
        return n;
      }),
    ).rejects.toThrow("boom");
    expect(started).toEqual([0, 1]);
  });
});
