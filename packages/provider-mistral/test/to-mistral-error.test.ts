import { SDKError } from "@mistralai/mistralai/models/errors";
import { isProviderError } from "@oss-ai-agent-tool/core";
import { describe, expect, it } from "vitest";
import { mistralErrorMessage, toMistralError } from "../src/index.js";

function sdkError(status: number, body: string, headers: Record<string, string> = {}): SDKError {
  return new SDKError("API error occurred", {
    response: new Response(body, { status, headers }),
    request: new Request("http://127.0.0.1:1/v1/chat/completions"),
    body,
  });
}

describe("mistralErrorMessage", () => {
  it.each([
    [
      '{"object":"error","message":"Rate limit exceeded","type":"rate_limited","code":"1300"}',
      "Rate limit exceeded",
    ],
    ['{"message":"Requests rate limit exceeded"}', "Requests rate limit exceeded"],
    ['{"detail":"Invalid API Key"}', "Invalid API Key"],
    [
      '{"detail":[{"loc":["body","top_p"],"msg":"Input should be a valid number"},{"msg":"bad"}]}',
      "body.top_p: Input should be a valid number; bad",
    ],
    [
      '{"object":"error","message":{"detail":[{"type":"extra_forbidden","loc":["body","x"],"msg":"Extra inputs are not permitted"}]}}',
      "body.x: Extra inputs are not permitted",
    ],
    ['{"error":{"message":"nested"}}', "nested"],
    ["upstream connect error", "upstream connect error"],
    ["", undefined],
    ["{}", undefined],
    ['{"detail":[{"nope":1}]}', undefined],
    ["42", undefined],
  ])("%s → %s", (body, expected) => {
    expect(mistralErrorMessage(body)).toBe(expected);
  });

  it("caps a long message", () => {
    expect(mistralErrorMessage("x".repeat(2000))?.length).toBe(500);
  });

  it("stops on absurd nesting", () => {
    let body: unknown = "deep";
    for (let i = 0; i < 10; i++) body = { message: body };
    expect(mistralErrorMessage(JSON.stringify(body))).toBeUndefined();
  });
});

describe("toMistralError", () => {
  it("keeps status and headers of an HTTP error and reads its message from the body", () => {
    const err = toMistralError(
      "mistral",
      sdkError(429, '{"message":"slow down"}', { "retry-after": "3" }),
    );
    expect(err).toBeInstanceOf(Error);
    expect(err).toMatchObject({ message: "slow down (HTTP 429)", statusCode: 429 });
    expect((err as { headers: Headers }).headers.get("retry-after")).toBe("3");
  });

  it("falls back to the status when the body says nothing", () => {
    expect(toMistralError("mistral", sdkError(503, ""))).toMatchObject({
      message: "Mistral API error (HTTP 503)",
      statusCode: 503,
    });
  });

  it("turns an unreadable 2xx reply into a 502 invalid_response", () => {
    const err = toMistralError("mistral", sdkError(200, "{}"));
    expect(isProviderError(err)).toBe(true);
    expect(err).toMatchObject({ status: 502, code: "invalid_response", retryable: false });
    expect(toMistralError("mistral", new SyntaxError("Unexpected end"))).toMatchObject({
      code: "invalid_response",
    });
    const zod = Object.assign(new Error("bad shape"), { name: "ZodError" });
    expect(toMistralError("mistral", zod)).toMatchObject({ code: "invalid_response" });
  });

  it("returns anything else as it is", () => {
    const err = new TypeError("fetch failed");
    expect(toMistralError("mistral", err)).toBe(err);
    expect(toMistralError("mistral", "odd")).toBe("odd");
  });
});
