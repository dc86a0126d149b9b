import type { EmbedContentResponse, GenerateContentResponse } from "@google/genai";
import { FINISH_REASONS } from "@oss-ai-agent-tool/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decodeGeminiToolCallId,
  geminiRawFinishReason,
  mapGeminiEmbeddings,
  mapGeminiFinishReason,
  mapGeminiModels,
  mapGeminiResponse,
  mapGeminiUsage,
  readGeminiEmbeddingPromptTokens,
} from "../src/index.js";

const reply = (value: object) => value as GenerateContentResponse;

describe("mapGeminiFinishReason", () => {
  it.each([
    ["STOP", false, "stop"],
    ["STOP", true, "tool_calls"],
    [undefined, true, "tool_calls"],
    [undefined, false, "other"],
    [null, false, "other"],
    ["MAX_TOKENS", false, "length"],
    ["MAX_TOKENS", true, "length"],
    ["SAFETY", false, "content_filter"],
    ["RECITATION", false, "content_filter"],
    ["BLOCKLIST", false, "content_filter"],
    ["PROHIBITED_CONTENT", false, "content_filter"],
    ["SPII", false, "content_filter"],
    ["IMAGE_SAFETY", false, "content_filter"],
    ["MALFORMED_FUNCTION_CALL", false, "error"],
    ["UNEXPECTED_TOOL_CALL", true, "error"],
    ["TOO_MANY_TOOL_CALLS", true, "error"],
    ["LANGUAGE", false, "other"],
    ["OTHER", false, "other"],
    ["FINISH_REASON_UNSPECIFIED", false, "other"],
    ["SOMETHING_NEW", false, "other"],
  ] as const)("maps %s (tool calls: %s) to %s", (raw, calls, expected) => {
    expect(mapGeminiFinishReason(raw, calls)).toBe(expected);
  });

  it("always returns a contract finish reason", () => {
    fc.assert(
      fc.property(fc.string(), fc.boolean(), (raw, calls) => {
        expect(FINISH_REASONS).toContain(mapGeminiFinishReason(raw, calls));
      }),
    );
  });
});

describe("mapGeminiUsage", () => {
  it("counts thinking tokens as completion and reasoning, tool-use prompts as prompt, and cache hits", () => {
    expect(
      mapGeminiUsage({
        promptTokenCount: 9,
        candidatesTokenCount: 28,
        thoughtsTokenCount: 244,
        totalTokenCount: 281,
        cachedContentTokenCount: 4,
      }),
    ).toEqual({
      promptTokens: 9,
      completionTokens: 272,
      totalTokens: 281,
      cachedPromptTokens: 4,
      reasoningTokens: 244,
    });
    expect(
      mapGeminiUsage({ promptTokenCount: 10, toolUsePromptTokenCount: 5, candidatesTokenCount: 2 }),
    ).toEqual({ promptTokens: 15, completionTokens: 2, totalTokens: 17 });
  });

  it("is no usage without any count (Vertex's { trafficType } mid-stream)", () => {
    expect(mapGeminiUsage(undefined)).toBeUndefined();
    expect(mapGeminiUsage({})).toBeUndefined();
    expect(mapGeminiUsage({ trafficType: "PROVISIONED_THROUGHPUT" } as never)).toBeUndefined();
    expect(mapGeminiUsage({ totalTokenCount: 3 })).toEqual({
      promptTokens: 0,
      completionTokens: 0,
      totalTokens: 3,
    });
  });
});

describe("mapGeminiResponse", () => {
  it("maps text, reasoning, usage, id and model", () => {
    const res = mapGeminiResponse(
      reply({
        candidates: [
          {
            content: {
              role: "model",
              parts: [
                { text: "Thinking about r's.", thought: true },
                { text: "There are 3.", thoughtSignature: "c2ln" },
                { text: " Done." },
              ],
            },
            finishReason: "STOP",
          },
        ],
        usageMetadata: { promptTokenCount: 9, candidatesTokenCount: 5, totalTokenCount: 14 },
        modelVersion: "gemini-2.5-flash-001",
        responseId: "resp-1",
      }),
      "google",
      "gemini-2.5-flash",
    );
    expect(res).toEqual({
      id: "resp-1",
      provider: "google",
      model: "gemini-2.5-flash-001",
      output: "There are 3. Done.",
      reasoning: "Thinking about r's.",
      finishReason: "stop",
      rawFinishReason: "STOP",
      usage: { promptTokens: 9, completionTokens: 5, totalTokens: 14 },
    });
  });

  it("maps function calls: arguments as JSON text, STOP as tool_calls, signature in the id", () => {
    const res = mapGeminiResponse(
      reply({
        candidates: [
          {
            content: {
              role: "model",
              parts: [
                {
                  functionCall: { name: "weather", args: { location: "San Francisco" } },
                  thoughtSignature: "EskgCsYg",
                },
                { functionCall: { name: "time" } },
                { functionCall: { id: "fc-9", name: "news", args: { q: ["a"] } } },
              ],
            },
            finishReason: "STOP",
          },
        ],
        responseId: "resp-2",
      }),
      "google",
      "m",
    );
    expect(res.finishReason).toBe("tool_calls");
    expect(res.output).toBe("");
    const calls = res.toolCalls ?? [];
    expect(calls.map((c) => [c.name, JSON.parse(c.arguments)])).toEqual([
      ["weather", { location: "San Francisco" }],
      ["time", {}],
      ["news", { q: ["a"] }],
    ]);
    expect(decodeGeminiToolCallId(calls[0]?.id ?? "")).toEqual({
      id: expect.stringMatching(/^call_[0-9a-f]{24}$/),
      thoughtSignature: "EskgCsYg",
    });
    expect(calls[1]?.id).toMatch(/^call_[0-9a-f]{24}$/);
    expect(calls[1]?.id).not.toBe(decodeGeminiToolCallId(calls[0]?.id ?? "").id);
    expect(calls[2]?.id).toBe("fc-9");
    expect(res).not.toHaveProperty("usage");
    // The same reply read again gets the same ids.
    expect(
      mapGeminiResponse(
        reply({
          candidates: [{ content: { parts: [{ functionCall: { name: "time" } }] } }],
          responseId: "resp-2",
        }),
        "google",
        "m",
      ).toolCalls?.[0]?.id,
    ).toBe(calls[0]?.id.split("__thought__")[0]);
  });

  it("turns a prompt blocked before any candidate into content_filter with the block reason, not an empty reply", () => {
    const blocked = reply({
      promptFeedback: { blockReason: "PROHIBITED_CONTENT" },
      usageMetadata: { promptTokenCount: 7, totalTokenCount: 7 },
      modelVersion: "gemini-2.5-flash",
    });
    expect(geminiRawFinishReason(blocked)).toBe("PROHIBITED_CONTENT");
    const res = mapGeminiResponse(blocked, "google", "gemini-2.5-flash");
    expect(res).toMatchObject({
      output: "",
      finishReason: "content_filter",
      rawFinishReason: "PROHIBITED_CONTENT",
      usage: { promptTokens: 7, completionTokens: 0, totalTokens: 7 },
    });
    expect(res.id).toMatch(/^gemini-/);
    expect(
      mapGeminiResponse(reply({ promptFeedback: { blockReason: "OTHER" } }), "google", "m")
        .finishReason,
    ).toBe("content_filter");
  });

  it("maps a candidate stopped for safety to content_filter and keeps the raw reason", () => {
    expect(
      mapGeminiResponse(
        reply({ candidates: [{ finishReason: "SAFETY", safetyRatings: [] }] }),
        "google",
        "m",
      ),
    ).toMatchObject({ output: "", finishReason: "content_filter", rawFinishReason: "SAFETY" });
  });

  it("survives a reply with nothing in it", () => {
    const res = mapGeminiResponse(reply({}), "google", "m");
    expect(res).toMatchObject({ output: "", finishReason: "other", model: "m" });
    expect(res).not.toHaveProperty("rawFinishReason");
    expect(geminiRawFinishReason(reply({ candidates: [{}] }))).toBeUndefined();
  });
});

describe("mapGeminiModels", () => {
  it("strips the models/ prefix and skips cards without a name", () => {
    expect(
      mapGeminiModels([
        { name: "models/gemini-2.5-flash" },
        { name: "tunedModels/t1" },
        { displayName: "x" },
      ]),
    ).toEqual([
      { id: "gemini-2.5-flash", ownedBy: "google" },
      { id: "tunedModels/t1", ownedBy: "google" },
    ]);
  });
});

describe("mapGeminiEmbeddings", () => {
  it("returns the vectors in order, with usage only when the reply had it", () => {
    const res = { embeddings: [{ values: [0.1, 0.2] }, {}] } as EmbedContentResponse;
    expect(mapGeminiEmbeddings(res, "google", "gemini-embedding-001", 5)).toEqual({
      provider: "google",
      model: "gemini-embedding-001",
      embeddings: [[0.1, 0.2], []],
      usage: { promptTokens: 5, totalTokens: 5 },
    });
    expect(mapGeminiEmbeddings({} as EmbedContentResponse, "google", "m", undefined)).toEqual({
      provider: "google",
      model: "m",
      embeddings: [],
    });
  });

  it("reads the prompt token count from a raw reply", () => {
    expect(readGeminiEmbeddingPromptTokens({ usageMetadata: { promptTokenCount: 4 } })).toBe(4);
    expect(
      readGeminiEmbeddingPromptTokens({ usageMetadata: { promptTokenCount: "4" } }),
    ).toBeUndefined();
    expect(readGeminiEmbeddingPromptTokens({ usageMetadata: null })).toBeUndefined();
    expect(readGeminiEmbeddingPromptTokens({ embeddings: [] })).toBeUndefined();
    expect(readGeminiEmbeddingPromptTokens(undefined)).toBeUndefined();
  });
});
