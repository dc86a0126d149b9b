import { describe, expect, it } from "vitest";
import { convertToOpenAIMessages, InvalidChatRequestError } from "../src/index.js";

describe("convertToOpenAIMessages", () => {
  it("keeps plain string messages and the user's name", () => {
    expect(
      convertToOpenAIMessages([
        { role: "system", content: "Be terse." },
        { role: "user", content: "Hi", name: "ada" },
        { role: "assistant", content: "Hello." },
      ]),
    ).toEqual([
      { role: "system", content: "Be terse." },
      { role: "user", content: "Hi", name: "ada" },
      { role: "assistant", content: "Hello." },
    ]);
  });

  it("joins text parts of system, assistant and tool messages into one string", () => {
    const parts = [
      { type: "text" as const, text: "one " },
      { type: "text" as const, text: "two" },
    ];
    expect(
      convertToOpenAIMessages([
        { role: "system", content: parts },
        { role: "assistant", content: parts },
        { role: "tool", toolCallId: "call_1", content: parts, name: "f" },
      ]),
    ).toEqual([
      { role: "system", content: "one two" },
      { role: "assistant", content: "one two" },
      // Chat completions' tool message has no name field.
      { role: "tool", tool_call_id: "call_1", content: "one two" },
    ]);
  });

  it("maps image parts to image_url with http(s) URLs, data URLs, raw data and detail", () => {
    const [message] = convertToOpenAIMessages([
      {
        role: "user",
        content: [
          { type: "text", text: "What is in these?" },
          { type: "image", url: "https://example.com/cat.png", detail: "high" },
          { type: "image", url: "data:image/jpeg;base64,/9j/4AAQ" },
          { type: "image", data: "iVBORw0KGgo=", mediaType: "image/png", detail: "low" },
        ],
      },
    ]);
    expect(message).toEqual({
      role: "user",
      content: [
        { type: "text", text: "What is in these?" },
        { type: "image_url", image_url: { url: "https://example.com/cat.png", detail: "high" } },
        { type: "image_url", image_url: { url: "data:image/jpeg;base64,/9j/4AAQ" } },
        {
          type: "image_url",
          image_url: { url: "data:image/png;base64,iVBORw0KGgo=", detail: "low" },
        },
      ],
    });
  });

  it.each([
    [{ type: "image" as const, url: "file:///etc/passwd" }, "messages[0].content[0].url"],
    [{ type: "image" as const, url: "ftp://example.com/a.png" }, "messages[0].content[0].url"],
    [{ type: "image" as const, data: "iVBORw0KGgo=" }, "messages[0].content[0].mediaType"],
    [{ type: "image" as const }, "messages[0].content[0]"],
  ])("refuses an image it cannot send (%o)", (part, param) => {
    let error: unknown;
    try {
      convertToOpenAIMessages([{ role: "user", content: [part] }]);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(InvalidChatRequestError);
    expect((error as InvalidChatRequestError).param).toBe(param);
  });

  it("sends tool calls with content null when the turn holds only tool calls", () => {
    const [onlyCalls, withText] = convertToOpenAIMessages([
      {
        role: "assistant",
        content: null,
        toolCalls: [
          { id: "call_a", name: "get_weather", arguments: '{"city":"Oslo"}' },
          { id: "call_b", name: "now", arguments: "" },
        ],
      },
      {
        role: "assistant",
        content: "Checking.",
        toolCalls: [{ id: "call_c", name: "now", arguments: "{}" }],
        reasoning: "hidden chain of thought",
      },
    ]);
    expect(onlyCalls).toEqual({
      role: "assistant",
      content: null,
      tool_calls: [
        {
          id: "call_a",
          type: "function",
          function: { name: "get_weather", arguments: '{"city":"Oslo"}' },
        },
        { id: "call_b", type: "function", function: { name: "now", arguments: "{}" } },
      ],
    });
    expect(withText).toMatchObject({ role: "assistant", content: "Checking." });
    expect(withText).not.toHaveProperty("reasoning");
  });

  it("sends an empty assistant turn as an empty string", () => {
    expect(convertToOpenAIMessages([{ role: "assistant" }])).toEqual([
      { role: "assistant", content: "" },
    ]);
  });

  it("refuses an unknown role rather than sending it", () => {
    expect(() => convertToOpenAIMessages([{ role: "narrator", content: "x" } as never])).toThrow(
      InvalidChatRequestError,
    );
  });
});
