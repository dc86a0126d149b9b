import { describe, expect, it } from "vitest";
import { extractApiKey } from "../../src/auth/extract-api-key.js";

describe("extractApiKey", () => {
  it("reads a Bearer token, with the scheme in any case", () => {
    expect(extractApiKey({ authorization: "Bearer sk-abc" })).toBe("sk-abc");
    expect(extractApiKey({ authorization: "bearer sk-abc" })).toBe("sk-abc");
    expect(extractApiKey({ authorization: "BEARER sk-abc" })).toBe("sk-abc");
  });

  it("tolerates extra blanks around the token", () => {
    expect(extractApiKey({ authorization: "Bearer \t sk-abc  " })).toBe("sk-abc");
  });

  it("reads x-api-key, as Anthropic-style clients send it", () => {
    expect(extractApiKey({ "x-api-key": "sk-ant-xyz" })).toBe("sk-ant-xyz");
    expect(extractApiKey({ "x-api-key": "  sk-ant-xyz " })).toBe("sk-ant-xyz");
  });

  it("prefers the Bearer token when both are sent", () => {
    expect(extractApiKey({ authorization: "Bearer one", "x-api-key": "two" })).toBe("one");
  });

  it("falls back to x-api-key when authorization is another scheme or malformed", () => {
    expect(extractApiKey({ authorization: "Basic dXNlcjpwYXNz", "x-api-key": "k" })).toBe("k");
    expect(extractApiKey({ authorization: "Bearer", "x-api-key": "k" })).toBe("k");
    expect(extractApiKey({ authorization: "Bearersk-abc", "x-api-key": "k" })).toBe("k");
  });

  it("takes the first of repeated values", () => {
    expect(extractApiKey({ "x-api-key": ["first", "second"] })).toBe("first");
    expect(extractApiKey({ authorization: ["Bearer first", "Bearer second"] })).toBe("first");
  });

  it("returns undefined when no key is present", () => {
    expect(extractApiKey({})).toBeUndefined();
    expect(extractApiKey({ authorization: undefined, "x-api-key": undefined })).toBeUndefined();
    expect(extractApiKey({ authorization: "Bearer " })).toBeUndefined();
    expect(extractApiKey({ authorization: "Bearer a b" })).toBeUndefined();
    expect(extractApiKey({ authorization: "Basic dXNlcjpwYXNz" })).toBeUndefined();
    expect(extractApiKey({ "x-api-key": "" })).toBeUndefined();
    expect(extractApiKey({ "x-api-key": "   " })).toBeUndefined();
    expect(extractApiKey({ "x-api-key": [] })).toBeUndefined();
  });
});
