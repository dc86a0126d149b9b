import type { Message } from "@anthropic-ai/sdk/resources/messages";
import { FINISH_REASONS } from "@oss-ai-agent-tool/core";
import { describe, expect, it } from "vitest";
import {
  mapAnthropicFinishReason,
  mapAnthropicModels,
  mapAnthropicResponse,
  mapAnthropicUsage,
  mergeAnthropicUsage,
  toolInputToArguments,
} from "../src/index.js";

function message(
  content: unknown[],
  stop_reason: string | null = "end_turn",
  usage?: unknown,
): Message {
  return {
    id: "msg_1",
    type: "message",
    role: "assistant",
    model: "claude-haiku-4-5-20251001",
    content,
    stop_reason,
    stop_sequence: null,
    usage: usage ?? {
      input_tokens: 12,
      output_tokens: 29,
      cache_read_input_tokens: 0,
      cache_creation_input_tokens: 0,
    },
  } as unknown as Message;
}

describe("mapAnthropicResponse", () => {
  it("joins text blocks and keeps id, model, finish reason and usage", () => {
    expect(
      mapAnthropicResponse(
        message([
          { type: "text", text: "Hello", citations: null },
          { type: "text", text: " there", citations: null },
        ]),
        "anthropic",
      ),
    ).toEqual({
      id: "msg_1",
      provider: "anthropic",
      model: "claude-haiku-4-5-20251001",
      output: "Hello there",
      finishReason: "stop",
      rawFinishReason: "end_turn",
      usage: {
        promptTokens: 12,
        completionTokens: 29,
        totalTokens: 41,
        cachedPromptTokens: 0,
        cacheWritePromptTokens: 0,
      },
    });
  });

  it("returns thinking as reasoning, without its signature, and skips redacted thinking", () => {
    const res = mapAnthropicResponse(
      message([
        { type: "thinking", thinking: "925 / 5 = 185", signature: "Er4BCkYI" },
        { type: "redacted_thinking", data: "opaque-data" },
        { type: "text", text: "185", citations: null },
      ]),
      "anthropic",
    );
    expect(res.reasoning).toBe("925 / 5 = 185");
    expect(res.output).toBe("185");
    expect(JSON.stringify(res)).not.toContain("Er4BCkYI");
    expect(JSON.stringify(res)).not.toContain("opaque-data");
  });

  it("maps tool_use blocks to tool calls with their input as a JSON string", () => {
    const res = mapAnthropicResponse(
      message(
        [
          { type: "text", text: "Updating.", citations: null },
          { type: "tool_use", id: "toolu_1", name: "update", input: {} },
          { type: "tool_use", id: "toolu_2", name: "weather", input: { city: "Zürich" } },
          { type: "server_tool_use", id: "srvtoolu_1", name: "web_search", input: { query: "x" } },
        ],
        "tool_use",
      ),
      "anthropic",
    );
    expect(res.toolCalls).toEqual([
      { id: "toolu_1", name: "update", arguments: "{}" },
      { id: "toolu_2", name: "weather", arguments: '{"city":"Zürich"}' },
    ]);
    expect(res.finishReason).toBe("tool_calls");
  });

  it("returns the forced json tool's input as the reply text in json_object mode", () => {
    const res = mapAnthropicResponse(
      message(
        [{ type: "tool_use", id: "toolu_j", name: "json", input: { answer: 42 } }],
        "tool_use",
      ),
      "anthropic",
      { jsonTool: true },
    );
    expect(res).toMatchObject({
      output: '{"answer":42}',
      finishReason: "stop",
      rawFinishReason: "tool_use",
    });
    expect(res.toolCalls).toBeUndefined();
  });

  it("leaves a json-named tool alone outside json_object mode", () => {
    const res = mapAnthropicResponse(
      message([{ type: "tool_use", id: "t", name: "json", input: {} }], "tool_use"),
      "anthropic",
    );
    expect(res.toolCalls).toHaveLength(1);
  });

  it("has no rawFinishReason when the reply has no stop_reason", () => {
    const res = mapAnthropicResponse(message([{ type: "text", text: "x" }], null), "anthropic");
    expect(res.finishReason).toBe("other");
    expect(res).not.toHaveProperty("rawFinishReason");
  });

  it.each([["not a message"], [{ id: "x" }], [{ content: "text" }], [null]])(
    "rejects %o as an unreadable reply (502 invalid_response)",
    (bad) => {
      expect(() => mapAnthropicResponse(bad as unknown as Message, "anthropic")).toThrow(
        expect.objectContaining({ status: 502, code: "invalid_response" }),
      );
    },
  );
});

describe("mapAnthropicFinishReason", () => {
  it.each([
    ["end_turn", "stop"],
    ["stop_sequence", "stop"],
    ["max_tokens", "length"],
    ["model_context_window_exceeded", "length"],
    ["tool_use", "tool_calls"],
    ["refusal", "content_filter"],
    ["pause_turn", "other"],
    ["something_new", "other"],
    [null, "other"],
    [undefined, "other"],
  ])("maps %s to %s", (raw, expected) => {
    const mapped = mapAnthropicFinishReason(raw);
    expect(mapped).toBe(expected);
    expect(FINISH_REASONS).toContain(mapped);
  });
});

describe("mapAnthropicUsage", () => {
  it("counts cache reads and writes into the prompt, and reports them apart", () => {
    expect(
      mapAnthropicUsage({
        input_tokens: 10,
        cache_creation_input_tokens: 7351,
        cache_read_input_tokens: 0,
        output_tokens: 4,
      }),
    ).toEqual({
      promptTokens: 7361,
      completionTokens: 4,
      totalTokens: 7365,
      cachedPromptTokens: 0,
      cacheWritePromptTokens: 7351,
    });
    expect(
      mapAnthropicUsage({
        input_tokens: 10,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 7351,
        output_tokens: 4,
      }),
    ).toMatchObject({ promptTokens: 7361, cachedPromptTokens: 7351, cacheWritePromptTokens: 0 });
  });

  it("reports thinking tokens as reasoning tokens, part of the completion", () => {
    expect(
      mapAnthropicUsage({
        input_tokens: 51,
        output_tokens: 1699,
        output_tokens_details: { thinking_tokens: 139 },
      }),
    ).toEqual({
      promptTokens: 51,
      completionTokens: 1699,
      totalTokens: 1750,
      reasoningTokens: 139,
    });
  });

  it("leaves out what was not reported, and reads missing counts as 0", () => {
    expect(mapAnthropicUsage(undefined)).toBeUndefined();
    expect(
      mapAnthropicUsage({ cache_read_input_tokens: null, output_tokens_details: null }),
    ).toEqual({
      promptTokens: 0,
      completionTokens: 0,
      totalTokens: 0,
    });
  });

  it("merges stream usage: later non-null fields win", () => {
    expect(
      mergeAnthropicUsage(
        { input_tokens: 43, output_tokens: 1, cache_read_input_tokens: 5 },
        { input_tokens: 61, output_tokens: 2, cache_read_input_tokens: null },
      ),
    ).toEqual({ input_tokens: 61, output_tokens: 2, cache_read_input_tokens: 5 });
    expect(mergeAnthropicUsage(undefined, undefined)).toBeUndefined();
  });
});

describe("mapAnthropicModels and toolInputToArguments", () => {
  it("maps model cards and skips cards without an id", () => {
    expect(mapAnthropicModels([{ id: "claude-haiku-4-5" }, { id: "" }, {}])).toEqual([
      { id: "claude-haiku-4-5", ownedBy: "anthropic" },
    ]);
  });

  it("serializes an absent input as {}", () => {
    expect(toolInputToArguments(undefined)).toBe("{}");
    expect(toolInputToArguments(null)).toBe("{}");
    expect(toolInputToArguments({ a: [1] })).toBe('{"a":[1]}');
  });
});
