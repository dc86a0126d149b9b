import { describe, expect, it } from "vitest";
import { convertToMistralMessages } from "../src/index.js";

describe("convertToMistralMessages", () => {
  it("joins system text parts into one string", () => {
    expect(
      convertToMistralMessages([
        {
          role: "system",
          content: [
            { type: "text", text: "Be " },
            { type: "text", text: "terse." },
          ],
        },
      ]),
    ).toEqual([{ role: "system", content: "Be terse." }]);
  });

  it("keeps string user content and drops the participant name Mistral has no field for", () => {
    expect(convertToMistralMessages([{ role: "user", content: "Hi", name: "ada" }])).toEqual([
      { role: "user", content: "Hi" },
    ]);
  });

  it("maps text and image parts, URL or inline data, with detail when given", () => {
    const [message] = convertToMistralMessages([
      {
        role: "user",
        content: [
          { type: "text", text: "What is this?" },
          { type: "image", url: "https://example.com/cat.png" },
          { type: "image", data: "AAAA", mediaType: "image/jpeg", detail: "high" },
          { type: "image", data: "BBBB" },
        ],
      },
    ]);
    expect(message).toEqual({
      role: "user",
      content: [
        { type: "text", text: "What is this?" },
        { type: "image_url", imageUrl: "https://example.com/cat.png" },
        { type: "image_url", imageUrl: { url: "data:image/jpeg;base64,AAAA", detail: "high" } },
        { type: "image_url", imageUrl: "data:image/png;base64,BBBB" },
      ],
    });
  });

  it("sends an assistant tool-call turn with empty content and indexed calls", () => {
    const [message] = convertToMistralMessages([
      {
        role: "assistant",
        content: null,
        reasoning: "thought about it",
        toolCalls: [
          { id: "abcDEF123", name: "weather", arguments: '{"city":"Paris"}' },
          { id: "ghiJKL456", name: "time", arguments: "{}" },
        ],
      },
    ]);
    expect(message).toEqual({
      role: "assistant",
      content: "",
      toolCalls: [
        {
          id: "abcDEF123",
          type: "function",
          function: { name: "weather", arguments: '{"city":"Paris"}' },
          index: 0,
        },
        {
          id: "ghiJKL456",
          type: "function",
          function: { name: "time", arguments: "{}" },
          index: 1,
        },
      ],
    });
  });

  it("joins assistant text parts and leaves out an empty tool-call list", () => {
    expect(
      convertToMistralMessages([
        { role: "assistant", content: [{ type: "text", text: "Done." }], toolCalls: [] },
        { role: "assistant" },
      ]),
    ).toEqual([
      { role: "assistant", content: "Done." },
      { role: "assistant", content: "" },
    ]);
  });

  it("sends a tool result with its call id, and its name when given", () => {
    expect(
      convertToMistralMessages([
        { role: "tool", toolCallId: "abcDEF123", name: "weather", content: '{"temp":21}' },
        { role: "tool", toolCallId: "ghiJKL456", content: [{ type: "text", text: "12:00" }] },
      ]),
    ).toEqual([
      { role: "tool", toolCallId: "abcDEF123", content: '{"temp":21}', name: "weather" },
      { role: "tool", toolCallId: "ghiJKL456", content: "12:00" },
    ]);
  });
});
