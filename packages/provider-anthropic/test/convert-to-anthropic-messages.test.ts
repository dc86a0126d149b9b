import type { ChatMessage } from "@oss-ai-agent-tool/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  convertToAnthropicImage,
  convertToAnthropicMessages,
  InvalidAnthropicRequestError,
  parseToolArguments,
} from "../src/index.js";

const call = { id: "toolu_01", name: "get_weather", arguments: '{"city":"Zürich","unit":"c"}' };

describe("convertToAnthropicMessages", () => {
  it("lifts every system message into the top-level system, one text block each", () => {
    const out = convertToAnthropicMessages([
      { role: "system", content: "Be terse." },
      { role: "user", content: "Hi" },
      { role: "system", content: [{ type: "text", text: "Answer in French." }] },
      { role: "assistant", content: "Salut" },
    ]);
    expect(out.system).toEqual([
      { type: "text", text: "Be terse." },
      { type: "text", text: "Answer in French." },
    ]);
    expect(out.messages).toEqual([
      { role: "user", content: [{ type: "text", text: "Hi" }] },
      { role: "assistant", content: [{ type: "text", text: "Salut" }] },
    ]);
  });

  it("sends no system when there is none, or only empty ones", () => {
    expect(convertToAnthropicMessages([{ role: "user", content: "Hi" }]).system).toBeUndefined();
    expect(
      convertToAnthropicMessages([
        { role: "system", content: "" },
        { role: "user", content: "Hi" },
      ]).system,
    ).toBeUndefined();
  });

  it("round-trips a tool call: arguments become tool_use input, the result a tool_result in a user turn", () => {
    const out = convertToAnthropicMessages([
      { role: "user", content: "Weather in Zürich?" },
      { role: "assistant", content: "Let me check.", toolCalls: [call] },
      { role: "tool", toolCallId: call.id, name: call.name, content: '{"temp":21}' },
    ]);
    expect(out.messages).toEqual([
      { role: "user", content: [{ type: "text", text: "Weather in Zürich?" }] },
      {
        role: "assistant",
        content: [
          { type: "text", text: "Let me check." },
          {
            type: "tool_use",
            id: "toolu_01",
            name: "get_weather",
            input: { city: "Zürich", unit: "c" },
          },
        ],
      },
      {
        role: "user",
        content: [{ type: "tool_result", tool_use_id: "toolu_01", content: '{"temp":21}' }],
      },
    ]);
  });

  it("merges a tool result and the user message after it into one user turn, tool results first", () => {
    const out = convertToAnthropicMessages([
      { role: "user", content: "Two cities?" },
      {
        role: "assistant",
        content: null,
        toolCalls: [call, { id: "toolu_02", name: "get_weather", arguments: '{"city":"Bern"}' }],
      },
      { role: "tool", toolCallId: "toolu_01", content: "21" },
      { role: "tool", toolCallId: "toolu_02", content: [{ type: "text", text: "19" }] },
      { role: "user", content: "And tomorrow?" },
    ]);
    expect(out.messages).toHaveLength(3);
    expect(out.messages[2]).toEqual({
      role: "user",
      content: [
        { type: "tool_result", tool_use_id: "toolu_01", content: "21" },
        { type: "tool_result", tool_use_id: "toolu_02", content: "19" },
        { type: "text", text: "And tomorrow?" },
      ],
    });
  });

  it("puts tool results first even when a user message comes before them", () => {
    const out = convertToAnthropicMessages([
      { role: "assistant", content: null, toolCalls: [call] },
      { role: "user", content: "(running the tool)" },
      { role: "tool", toolCallId: call.id, content: "21" },
    ]);
    expect(out.messages[1]?.content).toEqual([
      { type: "tool_result", tool_use_id: call.id, content: "21" },
      { type: "text", text: "(running the tool)" },
    ]);
  });

  it("merges consecutive user and consecutive assistant messages, so roles alternate", () => {
    const out = convertToAnthropicMessages([
      { role: "user", content: "One." },
      { role: "user", content: [{ type: "text", text: "Two." }] },
      { role: "assistant", content: "A" },
      { role: "assistant", content: [{ type: "text", text: "B" }] },
    ]);
    expect(out.messages.map((m) => m.role)).toEqual(["user", "assistant"]);
    expect(out.messages[0]?.content).toHaveLength(2);
    expect(out.messages[1]?.content).toHaveLength(2);
  });

  it("sends a tool call without arguments as an empty input object", () => {
    const out = convertToAnthropicMessages([
      { role: "user", content: "Refresh." },
      { role: "assistant", toolCalls: [{ id: "t", name: "refresh", arguments: "" }] },
      { role: "tool", toolCallId: "t", content: "" },
    ]);
    expect(out.messages[1]?.content).toEqual([
      { type: "tool_use", id: "t", name: "refresh", input: {} },
    ]);
    // An empty tool result sends no content (Anthropic rejects empty text).
    expect(out.messages[2]?.content).toEqual([{ type: "tool_result", tool_use_id: "t" }]);
  });

  it("drops empty text, and a turn left empty, keeping the roles merged", () => {
    const out = convertToAnthropicMessages([
      { role: "user", content: "Hi" },
      { role: "assistant", content: "" },
      {
        role: "user",
        content: [
          { type: "text", text: "" },
          { type: "text", text: "Again" },
        ],
      },
    ]);
    expect(out.messages).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "Hi" },
          { type: "text", text: "Again" },
        ],
      },
    ]);
  });

  it("leaves out a user's name and an assistant's earlier reasoning", () => {
    const out = convertToAnthropicMessages([
      { role: "user", content: "Hi", name: "ann" },
      { role: "assistant", content: "Hello", reasoning: "They greeted me." },
    ]);
    expect(JSON.stringify(out)).not.toContain("ann");
    expect(JSON.stringify(out)).not.toContain("greeted");
  });

  it("converts image parts: URL, data URL and inline base64", () => {
    const out = convertToAnthropicMessages([
      {
        role: "user",
        content: [
          { type: "text", text: "Compare." },
          { type: "image", url: "https://example.com/cat.png" },
          { type: "image", url: "data:image/jpeg;base64,/9j/4AAQ" },
          { type: "image", data: "iVBORw0KGgo=", mediaType: "image/png", detail: "high" },
        ],
      },
    ]);
    expect(out.messages[0]?.content).toEqual([
      { type: "text", text: "Compare." },
      { type: "image", source: { type: "url", url: "https://example.com/cat.png" } },
      { type: "image", source: { type: "base64", media_type: "image/jpeg", data: "/9j/4AAQ" } },
      { type: "image", source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" } },
    ]);
  });

  it.each([
    ["invalid JSON", "{not json", /not valid JSON/],
    ["truncated JSON", '{"city":"Zür', /not valid JSON/],
    ["a JSON array", "[1,2]", /must be a JSON object/],
    ["a JSON string", '"x"', /must be a JSON object/],
  ])("rejects tool arguments that are %s, naming where they are", (_what, args, message) => {
    const messages: ChatMessage[] = [
      { role: "user", content: "x" },
      { role: "assistant", toolCalls: [{ id: "t", name: "f", arguments: args }] },
    ];
    let error: unknown;
    try {
      convertToAnthropicMessages(messages);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(InvalidAnthropicRequestError);
    expect(error).toMatchObject({
      param: "messages[1].toolCalls[0].arguments",
      message: expect.stringMatching(message),
    });
  });

  it("rejects a conversation with no user or assistant content", () => {
    expect(() => convertToAnthropicMessages([{ role: "system", content: "Only rules." }])).toThrow(
      InvalidAnthropicRequestError,
    );
  });

  it("keeps any tool-call arguments object intact through the conversion (property)", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (input) => {
        const args = JSON.stringify(input);
        const out = convertToAnthropicMessages([
          { role: "user", content: "go" },
          { role: "assistant", toolCalls: [{ id: "t", name: "f", arguments: args }] },
        ]);
        const block = out.messages[1]?.content[0] as { input: unknown };
        expect(JSON.stringify(block.input)).toBe(args);
      }),
    );
  });
});

describe("convertToAnthropicImage", () => {
  it.each([
    [{ type: "image" as const, url: "file:///etc/passwd" }, /http\(s\) or a base64 data: URL/],
    [{ type: "image" as const, data: "AAAA" }, /needs its mediaType/],
    [
      { type: "image" as const, data: "AAAA", mediaType: "image/tiff" },
      /image\/tiff is not supported/,
    ],
    [{ type: "image" as const, url: "data:image/bmp;base64,AAAA" }, /image\/bmp is not supported/],
    [{ type: "image" as const }, /needs a url or data/],
  ])("rejects %o", (part, message) => {
    expect(() => convertToAnthropicImage(part, "messages[0].content[0]")).toThrow(message);
  });

  it("reads image/jpg as image/jpeg, and a data URL without a type from mediaType", () => {
    expect(
      convertToAnthropicImage({ type: "image", data: "x", mediaType: "image/JPG" }, "p"),
    ).toEqual({
      type: "image",
      source: { type: "base64", media_type: "image/jpeg", data: "x" },
    });
    expect(
      convertToAnthropicImage(
        { type: "image", url: "data:;base64,R0lG", mediaType: "image/gif" },
        "p",
      ),
    ).toEqual({ type: "image", source: { type: "base64", media_type: "image/gif", data: "R0lG" } });
  });
});

describe("parseToolArguments", () => {
  it("reads blank arguments as an empty object", () => {
    expect(parseToolArguments("  ", "p")).toEqual({});
  });
});
