import { describe, expect, it } from "vitest";
import { convertToOllamaMessages } from "../src/convert-to-ollama-messages.js";

const PNG_BASE64 = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]).toString("base64");

describe("convertToOllamaMessages", () => {
  it("maps system, user and assistant text, joining text parts", () => {
    expect(
      convertToOllamaMessages([
        {
          role: "system",
          content: [
            { type: "text", text: "Be " },
            { type: "text", text: "brief." },
          ],
        },
        { role: "user", content: "Hi", name: "ann" },
        { role: "assistant", content: "Hello." },
        { role: "assistant", content: null },
      ]),
    ).toEqual([
      { role: "system", content: "Be brief." },
      { role: "user", content: "Hi" },
      { role: "assistant", content: "Hello." },
      { role: "assistant", content: "" },
    ]);
  });

  it("puts image parts into images as bytes, beside the joined text", () => {
    const [message] = convertToOllamaMessages([
      {
        role: "user",
        content: [
          { type: "text", text: "What is " },
          { type: "image", data: PNG_BASE64, mediaType: "image/png" },
          { type: "text", text: "this?" },
          { type: "image", url: `data:image/png;base64,${PNG_BASE64}` },
        ],
      },
    ]);
    expect(message?.content).toBe("What is this?");
    expect(message?.images).toHaveLength(2);
    for (const image of (message?.images ?? []) as Uint8Array[]) {
      expect(image).toBeInstanceOf(Uint8Array);
      expect(Buffer.from(image).toString("base64")).toBe(PNG_BASE64);
    }
  });

  it("sends assistant tool calls with object arguments and their ids, and reasoning as thinking", () => {
    expect(
      convertToOllamaMessages([
        {
          role: "assistant",
          content: "",
          reasoning: "Need the weather.",
          toolCalls: [
            { id: "call_1", name: "get_weather", arguments: '{"city":"Zürich"}' },
            { id: "call_2", name: "now", arguments: "" },
          ],
        },
      ]),
    ).toEqual([
      {
        role: "assistant",
        content: "",
        thinking: "Need the weather.",
        tool_calls: [
          { id: "call_1", function: { name: "get_weather", arguments: { city: "Zürich" } } },
          { id: "call_2", function: { name: "now", arguments: {} } },
        ],
      },
    ]);
  });

  it("names a tool result after its call, by the message's name or the call it answers", () => {
    const messages = convertToOllamaMessages([
      {
        role: "assistant",
        toolCalls: [{ id: "call_9", name: "lookup", arguments: "{}" }],
      },
      { role: "tool", toolCallId: "call_9", content: [{ type: "text", text: '{"ok":true}' }] },
      { role: "tool", toolCallId: "call_x", name: "explicit", content: "1" },
      { role: "tool", toolCallId: "unknown", content: "2" },
    ]);
    expect(messages.slice(1)).toEqual([
      { role: "tool", content: '{"ok":true}', tool_call_id: "call_9", tool_name: "lookup" },
      { role: "tool", content: "1", tool_call_id: "call_x", tool_name: "explicit" },
      { role: "tool", content: "2", tool_call_id: "unknown" },
    ]);
  });

  it.each([
    ["not JSON", "{city:"],
    ["not an object", "[1,2]"],
    ["null", "null"],
  ])("refuses tool-call arguments that are %s", (_what, args) => {
    expect(() =>
      convertToOllamaMessages([
        { role: "assistant", toolCalls: [{ id: "c", name: "f", arguments: args }] },
      ]),
    ).toThrow(expect.objectContaining({ status: 400, code: "invalid_request", retryable: false }));
  });
});
