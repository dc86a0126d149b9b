import type { ChatCompletionResponse } from "@mistralai/mistralai/models/components";
import { FINISH_REASONS } from "@oss-ai-agent-tool/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  mapMistralFinishReason,
  mapMistralResponse,
  mapMistralToolCalls,
  mapMistralUsage,
  mistralContentPieces,
  mistralToolCallId,
  normalizeToolArguments,
  splitMistralContent,
} from "../src/index.js";

describe("mapMistralFinishReason", () => {
  it.each([
    ["stop", "stop"],
    ["length", "length"],
    ["model_length", "length"],
    ["tool_calls", "tool_calls"],
    ["error", "error"],
    ["something_new", "other"],
    [null, "other"],
    [undefined, "other"],
  ] as const)("maps %s to %s", (raw, expected) => {
    expect(mapMistralFinishReason(raw)).toBe(expected);
  });

  it("always returns a contract finish reason", () => {
    fc.assert(
      fc.property(fc.string(), (raw) => {
        expect(FINISH_REASONS).toContain(mapMistralFinishReason(raw));
      }),
    );
  });
});

describe("mapMistralUsage", () => {
  it("maps counts and the prompt-cache hits Mistral keeps under their wire name", () => {
    expect(
      mapMistralUsage({
        promptTokens: 159,
        completionTokens: 28,
        totalTokens: 187,
        serviceTier: "standard",
        prompt_tokens_details: { cached_tokens: 128 },
      }),
    ).toEqual({
      promptTokens: 159,
      completionTokens: 28,
      totalTokens: 187,
      cachedPromptTokens: 128,
    });
  });

  it("leaves cached tokens out when absent or malformed, and fills a missing total", () => {
    expect(mapMistralUsage({ promptTokens: 3, completionTokens: 2 })).toEqual({
      promptTokens: 3,
      completionTokens: 2,
      totalTokens: 5,
    });
    expect(
      mapMistralUsage({
        promptTokens: 1,
        completionTokens: 1,
        totalTokens: 2,
        prompt_tokens_details: null,
      }),
    ).not.toHaveProperty("cachedPromptTokens");
    expect(
      mapMistralUsage({
        promptTokens: 1,
        completionTokens: 1,
        totalTokens: 2,
        prompt_tokens_details: { cached_tokens: "7" },
      }),
    ).not.toHaveProperty("cachedPromptTokens");
    expect(mapMistralUsage({})).toEqual({ promptTokens: 0, completionTokens: 0, totalTokens: 0 });
    expect(mapMistralUsage(undefined)).toBeUndefined();
    expect(mapMistralUsage(null)).toBeUndefined();
  });
});

describe("mistral content", () => {
  it("reads string content as text", () => {
    expect(splitMistralContent("Hello")).toEqual({ text: "Hello", reasoning: "" });
    expect(mistralContentPieces("")).toEqual([]);
    expect(splitMistralContent(null)).toEqual({ text: "", reasoning: "" });
    expect(splitMistralContent(undefined)).toEqual({ text: "", reasoning: "" });
  });

  it("splits thinking chunks from text chunks, in order, and skips other chunk types", () => {
    const content = [
      {
        type: "thinking" as const,
        thinking: [{ type: "text" as const, text: "Two " }, { text: "plus two." }],
      },
      { type: "reference" as const, referenceIds: [1] },
      { type: "text" as const, text: "4" },
      { type: "thinking" as const, thinking: [{ type: "text" as const, text: "" }], closed: true },
      { type: "text" as const, text: "" },
    ];
    expect(mistralContentPieces(content)).toEqual([
      { kind: "reasoning", text: "Two plus two." },
      { kind: "text", text: "4" },
    ]);
    expect(splitMistralContent(content)).toEqual({ text: "4", reasoning: "Two plus two." });
  });
});

describe("tool calls", () => {
  it("normalizes arguments to a JSON string", () => {
    expect(normalizeToolArguments('{"a":1}')).toBe('{"a":1}');
    expect(normalizeToolArguments({ a: 1, b: [true] })).toBe('{"a":1,"b":[true]}');
    expect(normalizeToolArguments("")).toBe("{}");
    expect(normalizeToolArguments("  ")).toBe("{}");
    expect(normalizeToolArguments(null)).toBe("{}");
    expect(normalizeToolArguments(undefined)).toBe("{}");
  });

  it("round-trips any arguments object", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (args) => {
        expect(JSON.parse(normalizeToolArguments(args))).toEqual(JSON.parse(JSON.stringify(args)));
      }),
    );
  });

  it('treats the SDK\'s placeholder id "null" as no id', () => {
    expect(mistralToolCallId({ id: "gSIMJiOkT" })).toBe("gSIMJiOkT");
    expect(mistralToolCallId({ id: "null" })).toBeUndefined();
    expect(mistralToolCallId({})).toBeUndefined();
  });

  it("maps calls, keeping ids and synthesizing a missing one", () => {
    expect(
      mapMistralToolCalls([
        { id: "gSIMJiOkT", function: { name: "weather", arguments: '{"location": "SF"}' } },
        { id: "null", function: { name: "time", arguments: { tz: "UTC" } }, index: 1 },
      ]),
    ).toEqual([
      { id: "gSIMJiOkT", name: "weather", arguments: '{"location": "SF"}' },
      { id: "call_1", name: "time", arguments: '{"tz":"UTC"}' },
    ]);
    expect(mapMistralToolCalls(null)).toEqual([]);
  });
});

describe("mapMistralResponse", () => {
  const base: ChatCompletionResponse = {
    id: "cmpl-1",
    object: "chat.completion",
    model: "mistral-small-latest",
    created: 1,
    usage: { promptTokens: 10, completionTokens: 5, totalTokens: 15 },
    choices: [{ index: 0, finishReason: "stop", message: { role: "assistant", content: "Hello" } }],
  };

  it("maps a text reply", () => {
    expect(mapMistralResponse(base, "mistral")).toEqual({
      id: "cmpl-1",
      provider: "mistral",
      model: "mistral-small-latest",
      output: "Hello",
      finishReason: "stop",
      rawFinishReason: "stop",
      usage: { promptTokens: 10, completionTokens: 5, totalTokens: 15 },
    });
  });

  it("maps reasoning content and tool calls", () => {
    const res = mapMistralResponse(
      {
        ...base,
        choices: [
          {
            index: 0,
            finishReason: "tool_calls",
            message: {
              role: "assistant",
              content: [{ type: "thinking", thinking: [{ type: "text", text: "Need weather." }] }],
              toolCalls: [
                { id: "abc123XYZ", function: { name: "weather", arguments: { city: "Paris" } } },
              ],
            },
          },
        ],
      },
      "mistral",
    );
    expect(res).toMatchObject({
      output: "",
      reasoning: "Need weather.",
      finishReason: "tool_calls",
      toolCalls: [{ id: "abc123XYZ", name: "weather", arguments: '{"city":"Paris"}' }],
    });
  });

  it("maps model_length to length and keeps the raw value", () => {
    const res = mapMistralResponse(
      {
        ...base,
        choices: [{ index: 0, finishReason: "model_length", message: { content: "Hel" } }],
      },
      "mistral",
    );
    expect(res).toMatchObject({ finishReason: "length", rawFinishReason: "model_length" });
  });

  it("survives a reply without choices", () => {
    const res = mapMistralResponse({ ...base, choices: [] }, "mistral");
    expect(res).toMatchObject({ output: "", finishReason: "other" });
    expect(res).not.toHaveProperty("rawFinishReason");
    expect(res).not.toHaveProperty("toolCalls");
  });
});
