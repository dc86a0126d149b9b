import { isProviderError } from "@oss-ai-agent-tool/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  convertToGeminiContents,
  decodeGeminiToolCallId,
  encodeGeminiToolCallId,
  geminiToolCallBaseId,
  imageTypeFromUrl,
  requiresThoughtSignatures,
  SKIP_THOUGHT_SIGNATURE,
  toGeminiFunctionResponse,
  toGeminiImagePart,
} from "../src/index.js";

const MODEL = "gemini-2.5-flash";

function rejection(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error("expected a throw");
}

describe("tool call ids", () => {
  it("derives distinct, stable ids from the reply id and the call's position", () => {
    const a = geminiToolCallBaseId("resp-1", 0);
    expect(a).toMatch(/^call_[0-9a-f]{24}$/);
    expect(geminiToolCallBaseId("resp-1", 0)).toBe(a);
    expect(geminiToolCallBaseId("resp-1", 1)).not.toBe(a);
    expect(geminiToolCallBaseId("resp-2", 0)).not.toBe(a);
    expect(geminiToolCallBaseId("resp-1", 0, "gemini-id-7")).toBe("gemini-id-7");
  });

  it("carries a thought signature in the id and gets it back", () => {
    const signature = "EqUCCqICAb4+9vsh8Pd5/taZV==";
    const id = encodeGeminiToolCallId("call_abc", signature);
    expect(id).toBe(`call_abc__thought__${signature}`);
    expect(decodeGeminiToolCallId(id)).toEqual({ id: "call_abc", thoughtSignature: signature });
    expect(encodeGeminiToolCallId("call_abc")).toBe("call_abc");
    expect(decodeGeminiToolCallId("call_abc")).toEqual({ id: "call_abc" });
    expect(decodeGeminiToolCallId("call_abc__thought__")).toEqual({ id: "call_abc" });
    expect(decodeGeminiToolCallId("__thought__x")).toEqual({ id: "__thought__x" });
  });

  it("round-trips any base id and base64 signature", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/).filter((s) => !s.includes("__thought__")),
        fc.base64String({ minLength: 4, maxLength: 200 }).filter((s) => s.length > 0),
        (base, signature) => {
          expect(decodeGeminiToolCallId(encodeGeminiToolCallId(base, signature))).toEqual({
            id: base,
            thoughtSignature: signature,
          });
        },
      ),
    );
  });

  it.each([
    ["gemini-3-pro-preview", true],
    ["models/gemini-3.1-flash", true],
    ["gemini-4-ultra", true],
    ["gemini-2.5-flash", false],
    ["gemini-1.5-pro", false],
    ["gemma-3-27b-it", false],
  ])("%s validates thought signatures: %s", (model, expected) => {
    expect(requiresThoughtSignatures(model)).toBe(expected);
  });
});

describe("toGeminiImagePart", () => {
  it("sends base64 bytes inline", () => {
    expect(toGeminiImagePart({ type: "image", data: "AAAA", mediaType: "image/webp" })).toEqual({
      inlineData: { data: "AAAA", mimeType: "image/webp" },
    });
    expect(toGeminiImagePart({ type: "image", data: "AAAA" })).toEqual({
      inlineData: { data: "AAAA", mimeType: "image/png" },
    });
  });

  it("unpacks data: URLs, base64 or not", () => {
    expect(toGeminiImagePart({ type: "image", url: "data:image/jpeg;base64,/9j/4A==" })).toEqual({
      inlineData: { data: "/9j/4A==", mimeType: "image/jpeg" },
    });
    expect(toGeminiImagePart({ type: "image", url: "data:image/svg+xml,%3Csvg%2F%3E" })).toEqual({
      inlineData: { data: Buffer.from("<svg/>").toString("base64"), mimeType: "image/svg+xml" },
    });
    expect(toGeminiImagePart({ type: "image", url: "data:;base64,QQ==" })).toEqual({
      inlineData: { data: "QQ==", mimeType: "image/png" },
    });
  });

  it("sends http(s) URLs as fileData for Gemini to fetch, with a media type", () => {
    expect(
      toGeminiImagePart({
        type: "image",
        url: "https://example.com/a/cat.PNG?x=1",
        detail: "high",
      }),
    ).toEqual({
      fileData: { fileUri: "https://example.com/a/cat.PNG?x=1", mimeType: "image/png" },
    });
    expect(
      toGeminiImagePart({ type: "image", url: "https://example.com/img", mediaType: "image/gif" }),
    ).toEqual({ fileData: { fileUri: "https://example.com/img", mimeType: "image/gif" } });
    expect(toGeminiImagePart({ type: "image", url: "https://example.com/img" })).toEqual({
      fileData: { fileUri: "https://example.com/img", mimeType: "image/jpeg" },
    });
  });

  it("guesses media types from extensions only for real URLs", () => {
    expect(imageTypeFromUrl("https://x.test/a.webp")).toBe("image/webp");
    expect(imageTypeFromUrl("https://x.test/a.heic")).toBe("image/heic");
    expect(imageTypeFromUrl("https://x.test/a.txt")).toBeUndefined();
    expect(imageTypeFromUrl("not a url")).toBeUndefined();
  });
});

describe("toGeminiFunctionResponse", () => {
  it("sends a JSON object as it is and wraps anything else in { output }", () => {
    expect(toGeminiFunctionResponse('{"temp":21}')).toEqual({ temp: 21 });
    expect(toGeminiFunctionResponse("[1,2]")).toEqual({ output: [1, 2] });
    expect(toGeminiFunctionResponse("42")).toEqual({ output: 42 });
    expect(toGeminiFunctionResponse("null")).toEqual({ output: null });
    expect(toGeminiFunctionResponse("It is sunny.")).toEqual({ output: "It is sunny." });
  });
});

describe("convertToGeminiContents", () => {
  it("joins all system messages into systemInstruction and maps roles to user/model", () => {
    expect(
      convertToGeminiContents(
        [
          { role: "system", content: "Be terse." },
          { role: "user", content: "Hi", name: "ada" },
          {
            role: "system",
            content: [
              { type: "text", text: "Use " },
              { type: "text", text: "metric." },
            ],
          },
          { role: "assistant", content: [{ type: "text", text: "Hello." }], reasoning: "greeting" },
          { role: "system", content: "" },
        ],
        MODEL,
      ),
    ).toEqual({
      systemInstruction: { parts: [{ text: "Be terse.\n\nUse metric." }] },
      contents: [
        { role: "user", parts: [{ text: "Hi" }] },
        { role: "model", parts: [{ text: "Hello." }] },
      ],
    });
  });

  it("maps user text and image parts in order, and skips empty turns", () => {
    expect(
      convertToGeminiContents(
        [
          {
            role: "user",
            content: [
              { type: "text", text: "What is this?" },
              { type: "image", data: "AAAA", mediaType: "image/png" },
            ],
          },
          { role: "user", content: [] },
          { role: "assistant", content: null },
        ],
        MODEL,
      ),
    ).toEqual({
      contents: [
        {
          role: "user",
          parts: [
            { text: "What is this?" },
            { inlineData: { data: "AAAA", mimeType: "image/png" } },
          ],
        },
      ],
    });
  });

  it("sends tool calls with their ids and parsed arguments, and the results with the function name", () => {
    const { contents } = convertToGeminiContents(
      [
        { role: "user", content: "Weather in Paris and Rome?" },
        {
          role: "assistant",
          content: "Checking.",
          toolCalls: [
            { id: "call_1", name: "weather", arguments: '{"city":"Paris"}' },
            { id: "call_2", name: "weather", arguments: "" },
          ],
        },
        { role: "tool", toolCallId: "call_1", content: '{"temp":21}' },
        {
          role: "tool",
          toolCallId: "call_2",
          name: "weather",
          content: [{ type: "text", text: "sunny" }],
        },
        { role: "user", content: "Thanks" },
      ],
      MODEL,
    );
    expect(contents).toEqual([
      { role: "user", parts: [{ text: "Weather in Paris and Rome?" }] },
      {
        role: "model",
        parts: [
          { text: "Checking." },
          { functionCall: { id: "call_1", name: "weather", args: { city: "Paris" } } },
          { functionCall: { id: "call_2", name: "weather", args: {} } },
        ],
      },
      {
        role: "user",
        parts: [
          { functionResponse: { id: "call_1", name: "weather", response: { temp: 21 } } },
          { functionResponse: { id: "call_2", name: "weather", response: { output: "sunny" } } },
        ],
      },
      { role: "user", parts: [{ text: "Thanks" }] },
    ]);
  });

  it("puts a thought signature carried in a tool call id back on its functionCall part", () => {
    const signature = "CiQBEU0yD1hCYiUoRFyerO7xltRNYWnI+sSFA1cwzfrO0/SJUz0=";
    const id = encodeGeminiToolCallId("call_x", signature);
    const { contents } = convertToGeminiContents(
      [
        { role: "user", content: "Weather?" },
        { role: "assistant", toolCalls: [{ id, name: "weather", arguments: '{"lat":"52.5"}' }] },
        { role: "tool", toolCallId: id, content: "15°C" },
      ],
      "gemini-3-pro-preview",
    );
    expect(contents[1]).toEqual({
      role: "model",
      parts: [
        {
          functionCall: { id: "call_x", name: "weather", args: { lat: "52.5" } },
          thoughtSignature: signature,
        },
      ],
    });
    expect(contents[2]?.parts?.[0]).toEqual({
      functionResponse: { id: "call_x", name: "weather", response: { output: "15°C" } },
    });
  });

  it("finds a tool result's name by the id without its signature too", () => {
    const { contents } = convertToGeminiContents(
      [
        {
          role: "assistant",
          toolCalls: [
            { id: encodeGeminiToolCallId("call_y", "c2ln"), name: "lookup", arguments: "{}" },
          ],
        },
        { role: "tool", toolCallId: "call_y", content: "ok" },
      ],
      MODEL,
    );
    expect(contents[1]?.parts?.[0]?.functionResponse?.name).toBe("lookup");
  });

  it("gives Gemini 3 the documented skip signature for calls from another model, on the first call only", () => {
    const messages = [
      {
        role: "assistant" as const,
        toolCalls: [
          { id: "call_a", name: "a", arguments: "{}" },
          { id: "call_b", name: "b", arguments: "{}" },
        ],
      },
    ];
    const gemini3 = convertToGeminiContents(messages, "gemini-3-flash-preview").contents[0]?.parts;
    expect(gemini3?.[0]?.thoughtSignature).toBe(SKIP_THOUGHT_SIGNATURE);
    expect(gemini3?.[1]).not.toHaveProperty("thoughtSignature");
    const gemini25 = convertToGeminiContents(messages, MODEL).contents[0]?.parts;
    expect(gemini25?.[0]).not.toHaveProperty("thoughtSignature");
  });

  it("does not add the skip signature when a call of the turn has a real one", () => {
    const parts = convertToGeminiContents(
      [
        {
          role: "assistant",
          toolCalls: [
            { id: encodeGeminiToolCallId("call_a", "cmVhbA=="), name: "a", arguments: "{}" },
            { id: "call_b", name: "b", arguments: "{}" },
          ],
        },
      ],
      "gemini-3-pro-preview",
    ).contents[0]?.parts;
    expect(parts?.map((p) => p.thoughtSignature)).toEqual(["cmVhbA==", undefined]);
  });

  it.each([
    ["not JSON", "{city:", /not valid JSON/],
    ["an array", "[1]", /must be a JSON object/],
  ])("rejects tool-call arguments that are %s with a 400", (_what, args, message) => {
    const err = rejection(() =>
      convertToGeminiContents(
        [{ role: "assistant", toolCalls: [{ id: "call_1", name: "f", arguments: args }] }],
        MODEL,
      ),
    );
    expect(isProviderError(err)).toBe(true);
    expect(err).toMatchObject({ status: 400, code: "invalid_tool_arguments", retryable: false });
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).toContain("call_1");
  });

  it("rejects a tool result whose function name cannot be found", () => {
    const err = rejection(() =>
      convertToGeminiContents([{ role: "tool", toolCallId: "call_9", content: "x" }], MODEL),
    );
    expect(err).toMatchObject({ status: 400, code: "missing_tool_name" });
    expect((err as Error).message).toContain("call_9");
  });

  it("keeps every tool argument and result across the conversion", () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.dictionary(fc.string(), fc.jsonValue()),
        (args, result) => {
          const { contents } = convertToGeminiContents(
            [
              {
                role: "assistant",
                toolCalls: [{ id: "c1", name: "f", arguments: JSON.stringify(args) }],
              },
              { role: "tool", toolCallId: "c1", content: JSON.stringify(result) },
            ],
            MODEL,
          );
          expect(contents[0]?.parts?.[0]?.functionCall?.args).toEqual(
            JSON.parse(JSON.stringify(args)),
          );
          expect(contents[1]?.parts?.[0]?.functionResponse?.response).toEqual(
            JSON.parse(JSON.stringify(result)),
          );
        },
      ),
    );
  });
});
