import { describe, expect, it } from "vitest";
import { parseImageUrl } from "../../src/openai-api/index.js";

describe("parseImageUrl", () => {
  it("keeps http and https URLs as URLs", () => {
    expect(parseImageUrl("https://example.com/a.png")).toEqual({
      ok: true,
      part: { type: "image", url: "https://example.com/a.png" },
    });
    expect(parseImageUrl("HTTP://example.com/a.png").ok).toBe(true);
  });

  it("splits a base64 data URL into data and a lower-case media type, ignoring parameters", () => {
    expect(parseImageUrl("data:image/webp;base64,UklGRg==")).toEqual({
      ok: true,
      part: { type: "image", data: "UklGRg==", mediaType: "image/webp" },
    });
    expect(parseImageUrl("data:Image/PNG;charset=x;BASE64,AAAA")).toEqual({
      ok: true,
      part: { type: "image", data: "AAAA", mediaType: "image/png" },
    });
  });

  it.each([
    ["ftp://example.com/a.png", "must be an http(s) URL or a base64 data: URL"],
    ["https://", "must be an http(s) URL or a base64 data: URL"],
    ["", "must be an http(s) URL or a base64 data: URL"],
    ["data:image/png;base64", "data: URL has no data"],
    ["data:image/png;base64,", "data: URL has no data"],
    [
      "data:image/svg+xml,<svg/>",
      "data: URL must be base64-encoded (data:<media type>;base64,...)",
    ],
    ["data:;base64,AAAA", "data: URL must name a media type, e.g. data:image/png;base64,..."],
  ])("refuses %j", (url, message) => {
    expect(parseImageUrl(url)).toEqual({ ok: false, message });
  });
});
