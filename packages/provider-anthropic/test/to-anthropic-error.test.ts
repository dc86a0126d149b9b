import { APIConnectionError, APIError, APIUserAbortError } from "@anthropic-ai/sdk";
import { normalizeProviderError } from "@oss-ai-agent-tool/core";
import { describe, expect, it } from "vitest";
import {
  anthropicErrorMessage,
  anthropicErrorType,
  streamWithAnthropicErrors,
  toAnthropicError,
  withAnthropicErrors,
} from "../src/index.js";

const body = (type: string, message: string) => ({
  type: "error",
  error: { type, message },
  request_id: "req_1",
});

describe("anthropicErrorMessage and anthropicErrorType", () => {
  it.each([
    [body("rate_limit_error", "Slow down"), "Slow down"],
    [{ message: "proxy says no" }, "proxy says no"],
    ["  plain text  ", "plain text"],
    ["", undefined],
    [{ error: { message: "" } }, undefined],
    [42, undefined],
  ])("reads the message of %o", (input, expected) => {
    expect(anthropicErrorMessage(input)).toBe(expected);
  });

  it("reads the type of an error body", () => {
    expect(anthropicErrorType(body("overloaded_error", "x"))).toBe("overloaded_error");
    expect(anthropicErrorType({ error: "x" })).toBeUndefined();
    expect(anthropicErrorType("x")).toBeUndefined();
  });
});

describe("toAnthropicError", () => {
  it("keeps an HTTP error's status, headers and body, under the body's message", () => {
    const headers = new Headers({ "retry-after": "3" });
    const sdkError = APIError.generate(
      429,
      body("rate_limit_error", "Slow down"),
      undefined,
      headers,
    );
    const normalized = normalizeProviderError("anthropic", toAnthropicError("anthropic", sdkError));
    expect(normalized).toMatchObject({
      status: 429,
      code: "rate_limit_error",
      retryable: true,
      retryAfterMs: 3000,
      message: "anthropic: Slow down (HTTP 429)",
    });
  });

  it("maps an overloaded_error event (no status) to a retryable 529", () => {
    const sdkError = new APIError(
      undefined,
      body("overloaded_error", "Overloaded"),
      undefined,
      new Headers(),
      "overloaded_error",
    );
    const normalized = normalizeProviderError("anthropic", toAnthropicError("anthropic", sdkError));
    expect(normalized).toMatchObject({ status: 529, code: "overloaded_error", retryable: true });
  });

  it("passes connection errors and aborts through untouched", () => {
    const connection = new APIConnectionError({ message: "Connection error." });
    const abort = new APIUserAbortError();
    expect(toAnthropicError("anthropic", connection)).toBe(connection);
    expect(toAnthropicError("anthropic", abort)).toBe(abort);
    expect(normalizeProviderError("anthropic", abort)).toMatchObject({
      status: 499,
      code: "aborted",
    });
  });

  it("turns an unreadable 2xx reply into a 502 invalid_response, other errors as they are", () => {
    expect(toAnthropicError("anthropic", new SyntaxError("Unexpected token"))).toMatchObject({
      status: 502,
      code: "invalid_response",
    });
    const other = new TypeError("x");
    expect(toAnthropicError("anthropic", other)).toBe(other);
  });

  it("wraps calls and streams", async () => {
    const sdkError = APIError.generate(
      400,
      body("invalid_request_error", "bad"),
      undefined,
      new Headers(),
    );
    await expect(
      withAnthropicErrors("anthropic", () => Promise.reject(sdkError)),
    ).rejects.toMatchObject({
      status: 400,
      message: "bad (HTTP 400)",
    });
    async function* failing(): AsyncGenerator<number> {
      yield 1;
      throw sdkError;
    }
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const n of streamWithAnthropicErrors("anthropic", failing())) seen.push(n);
      })(),
    ).rejects.toMatchObject({ status: 400 });
    expect(seen).toEqual([1]);
  });
});
