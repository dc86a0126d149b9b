import { describe, expect, it } from "vitest";
import { toOllamaImage } from "../src/to-ollama-image.js";

const bytes = Uint8Array.from([0, 1, 2, 250, 251, 252, 253]);
const base64 = Buffer.from(bytes).toString("base64");

describe("toOllamaImage", () => {
  it("decodes base64 data", () => {
    expect(toOllamaImage({ type: "image", data: base64, mediaType: "image/png" })).toEqual(bytes);
  });

  it("tolerates whitespace in base64, as MIME line breaks put it there", () => {
    const wrapped = `${base64.slice(0, 4)}\n${base64.slice(4)}`;
    expect(toOllamaImage({ type: "image", data: wrapped })).toEqual(bytes);
  });

  it("decodes a base64 data: URL, with or without parameters", () => {
    expect(toOllamaImage({ type: "image", url: `data:image/jpeg;base64,${base64}` })).toEqual(
      bytes,
    );
    expect(
      toOllamaImage({ type: "image", url: `data:image/png;name=x.png;base64,${base64}` }),
    ).toEqual(bytes);
  });

  it.each([
    ["an http URL", { type: "image" as const, url: "https://example.com/cat.png" }],
    ["a data: URL that is not base64", { type: "image" as const, url: "data:text/plain,hello" }],
    ["data that is not base64", { type: "image" as const, data: "not base64!" }],
    ["data of a bad length", { type: "image" as const, data: "abcde" }],
    ["empty data", { type: "image" as const, data: "" }],
    ["a part with neither", { type: "image" as const }],
  ])("refuses %s with a 400", (_what, part) => {
    expect(() => toOllamaImage(part)).toThrow(
      expect.objectContaining({ status: 400, code: "invalid_request", provider: "ollama" }),
    );
  });

  it("names the fix for a URL image", () => {
    expect(() => toOllamaImage({ type: "image", url: "http://x/y.png" })).toThrow(/base64/);
  });
});
