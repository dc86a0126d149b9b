import type { ChatMessage } from "@oss-ai-agent-tool/core";
import { describe, expect, it } from "vitest";
import { convertToBedrockMessages, toBedrockImage } from "../src/index.js";

const bytes = (b64: string) => new Uint8Array(Buffer.from(b64, "base64"));

describe("convertToBedrockMessages", () => {
  it("collects system messages as system blocks, wherever they stand", () => {
    const { system, messages } = convertToBedrockMessages([
      { role: "system", content: "One." },
      { role: "user", content: "Hi" },
      {
        role: "system",
        content: [
          { type: "text", text: "Two." },
          { type: "text", text: "" },
        ],
      },
    ]);
    expect(system).toEqual([{ text: "One." }, { text: "Two." }]);
    expect(messages).toEqual([{ role: "user", content: [{ text: "Hi" }] }]);
  });

  it("merges consecutive turns of the same role, so user and assistant alternate", () => {
    const { messages } = convertToBedrockMessages([
      { role: "user", content: "a" },
      { role: "user", content: "b" },
      { role: "assistant", content: "c" },
      { role: "assistant", content: [{ type: "text", text: "d" }] },
      { role: "user", content: "e" },
    ]);
    expect(messages).toEqual([
      { role: "user", content: [{ text: "a" }, { text: "b" }] },
      { role: "assistant", content: [{ text: "c" }, { text: "d" }] },
      { role: "user", content: [{ text: "e" }] },
    ]);
  });

  it("maps tool calls to toolUse with an input object, and results to toolResult in one user turn", () => {
    const history: ChatMessage[] = [
      { role: "user", content: "Weather?" },
      {
        role: "assistant",
        content: null,
        reasoning: "hidden",
        toolCalls: [
          { id: "a", name: "w", arguments: '{"city":"Paris"}' },
          { id: "b", name: "w", arguments: "  " },
        ],
      },
      { role: "tool", toolCallId: "a", name: "w", content: '{"temp":21}' },
      { role: "tool", toolCallId: "b", content: [{ type: "text", text: "[1,2]" }] },
      { role: "user", content: "Thanks" },
    ];
    expect(convertToBedrockMessages(history).messages).toEqual([
      { role: "user", content: [{ text: "Weather?" }] },
      {
        role: "assistant",
        content: [
          { toolUse: { toolUseId: "a", name: "w", input: { city: "Paris" } } },
          { toolUse: { toolUseId: "b", name: "w", input: {} } },
        ],
      },
      {
        role: "user",
        content: [
          { toolResult: { toolUseId: "a", content: [{ json: { temp: 21 } }] } },
          // Only a JSON object goes as json; an array, like any other text, as text.
          { toolResult: { toolUseId: "b", content: [{ text: "[1,2]" }] } },
          { text: "Thanks" },
        ],
      },
    ]);
  });

  it("sends every tool result as text when asked to, and keeps text that only looks like JSON", () => {
    const tool = (content: string): ChatMessage => ({ role: "tool", toolCallId: "x", content });
    const [withText] = convertToBedrockMessages([tool('{"a":1}')], {
      toolResults: "text",
    }).messages;
    expect(withText?.content).toEqual([
      { toolResult: { toolUseId: "x", content: [{ text: '{"a":1}' }] } },
    ]);
    const [broken] = convertToBedrockMessages([tool("{not json")]).messages;
    expect(broken?.content).toEqual([
      { toolResult: { toolUseId: "x", content: [{ text: "{not json" }] } },
    ]);
  });

  it("drops an empty assistant turn and empty assistant text", () => {
    const { messages } = convertToBedrockMessages([
      { role: "user", content: "a" },
      { role: "assistant", content: "" },
      { role: "assistant", content: null },
      { role: "user", content: "b" },
    ]);
    expect(messages).toEqual([{ role: "user", content: [{ text: "a" }, { text: "b" }] }]);
  });

  it.each([
    ["not JSON", "{oops", /not JSON/],
    ["an array", "[1]", /not a JSON object/],
    ["a string", '"x"', /not a JSON object/],
  ])("refuses tool-call arguments that are %s with a 400", (_, args, message) => {
    expect(() =>
      convertToBedrockMessages([
        { role: "assistant", toolCalls: [{ id: "c1", name: "t", arguments: args }] },
      ]),
    ).toThrow(message);
  });
});

describe("toBedrockImage", () => {
  it.each([
    ["image/png", "png"],
    ["image/jpeg", "jpeg"],
    ["IMAGE/JPG", "jpeg"],
    ["image/gif", "gif"],
    ["image/webp", "webp"],
  ])("sends base64 data of %s as %s bytes", (mediaType, format) => {
    expect(toBedrockImage({ type: "image", data: "AAEC", mediaType }, "m")).toEqual({
      image: { format, source: { bytes: bytes("AAEC") } },
    });
  });

  it("decodes a data: URL", () => {
    expect(
      toBedrockImage({ type: "image", url: "data:image/webp;charset=x;base64,AAEC" }, "m"),
    ).toEqual({ image: { format: "webp", source: { bytes: bytes("AAEC") } } });
  });

  it("passes an s3:// location, with the format from the media type or the extension", () => {
    expect(toBedrockImage({ type: "image", url: "s3://bucket/cat.JPG" }, "m")).toEqual({
      image: { format: "jpeg", source: { s3Location: { uri: "s3://bucket/cat.JPG" } } },
    });
    expect(
      toBedrockImage({ type: "image", url: "s3://bucket/cat", mediaType: "image/png" }, "m"),
    ).toEqual({ image: { format: "png", source: { s3Location: { uri: "s3://bucket/cat" } } } });
    expect(() => toBedrockImage({ type: "image", url: "s3://bucket/cat" }, "m")).toThrow(
      /mediaType/,
    );
  });

  it.each([
    [{ type: "image" as const, url: "https://example.com/cat.png" }, /does not fetch image URLs/],
    [{ type: "image" as const, data: "AAEC", mediaType: "image/tiff" }, /not "image\/tiff"/],
    [{ type: "image" as const, data: "AAEC" }, /without a media type/],
    [{ type: "image" as const, url: "data:image/bmp;base64,AAEC" }, /not "image\/bmp"/],
  ])("refuses %j with a 400 naming the part", (part, message) => {
    let caught: unknown;
    try {
      toBedrockImage(part, "messages[0].content[1]");
    } catch (err) {
      caught = err;
    }
    expect(caught).toMatchObject({ status: 400, code: "unsupported_image", retryable: false });
    expect((caught as Error).message).toMatch(message);
    expect((caught as Error).message).toContain("messages[0].content[1]");
  });
});
