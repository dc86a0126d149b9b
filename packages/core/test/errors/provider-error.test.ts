import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { isProviderError, ProviderError } from "../../src/errors/provider-error.js";
import {
  clearRegisteredSecrets,
  redactSecrets,
  registerSecretValue,
} from "../../src/errors/redact-secrets.js";

afterEach(() => clearRegisteredSecrets());

describe("ProviderError", () => {
  it("carries status, code, provider, retryable and retryAfterMs", () => {
    const cause = new Error("socket hang up");
    const err = new ProviderError("openai: overloaded", {
      status: 529,
      code: "overloaded",
      provider: "anthropic",
      retryable: true,
      retryAfterMs: 1500,
      cause,
    });
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe("ProviderError");
    expect(err.status).toBe(529);
    expect(err.code).toBe("overloaded");
    expect(err.retryable).toBe(true);
    expect(err.retryAfterMs).toBe(1500);
    expect(err.cause).toBe(cause);
    expect(isProviderError(err)).toBe(true);
  });

  it("serializes without the cause, and omits unset fields", () => {
    const err = new ProviderError("x", {
      status: 400,
      provider: "p",
      retryable: false,
      cause: { apiKey: "sk-live-abcdefghijklmnop" },
    });
    const json = JSON.parse(JSON.stringify(err));
    expect(json).toEqual({
      name: "ProviderError",
      message: "x",
      status: 400,
      provider: "p",
      retryable: false,
    });
    expect(Object.keys(err)).not.toContain("cause");
  });

  it("never carries a registered secret in message, JSON or inspect output", () => {
    const secret = "my-very-own-upstream-key-123";
    registerSecretValue(secret);
    const err = new ProviderError(`401 Incorrect API key provided: ${secret}.`, {
      status: 401,
      provider: "openai",
      retryable: false,
    });
    expect(err.message).not.toContain(secret);
    expect(JSON.stringify(err)).not.toContain(secret);
    expect(inspect(err)).not.toContain(secret);
    expect(err.message).toContain("[REDACTED]");
  });

  it("recognizes a ProviderError from another copy of core by shape", () => {
    expect(isProviderError({ name: "ProviderError", status: 500, retryable: true })).toBe(true);
    expect(isProviderError({ name: "ProviderError", status: "500", retryable: true })).toBe(false);
    expect(isProviderError(new Error("x"))).toBe(false);
    expect(isProviderError(null)).toBe(false);
  });
});

describe("redactSecrets", () => {
  it.each([
    ["Incorrect API key provided: sk-proj-AbCdEf0123456789xyz", "sk-proj-"],
    ["key sk-ant-api03-AAAABBBBCCCCDDDD", "sk-ant-api03"],
    ["https://generativelanguage.example/v1?key=AIzaSyA1234567890abcdefghijk&alt=sse", "AIzaSy"],
    ["Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig", "eyJhbGci"],
    ["aws AKIAIOSFODNN7EXAMPLE failed", "AKIAIOSFODNN7EXAMPLE"],
    ['{"api_key": "abcdef123456"}', "abcdef123456"],
    ["groq gsk_abcdefghijklmnopqrstuv", "gsk_abcdefghij"],
  ])("scrubs %s", (text, fragment) => {
    const out = redactSecrets(text);
    expect(out).not.toContain(fragment);
    expect(out).toContain("[REDACTED]");
  });

  it("keeps the parameter name when scrubbing a query value", () => {
    expect(redactSecrets("GET /v1/models?key=abcdefghijkl&x=1")).toBe(
      "GET /v1/models?key=[REDACTED]&x=1",
    );
  });

  it("leaves ordinary text alone and ignores short values", () => {
    registerSecretValue("abc");
    registerSecretValue(undefined);
    expect(redactSecrets("the model is abc and the task is done")).toBe(
      "the model is abc and the task is done",
    );
  });

  it("redacts the longest registered value first and treats regex characters literally", () => {
    registerSecretValue("secret+value");
    registerSecretValue("secret+value+longer");
    expect(redactSecrets("a secret+value+longer b secret+value c")).toBe(
      "a [REDACTED] b [REDACTED] c",
    );
    registerSecretValue("secret+value");
  });
});
