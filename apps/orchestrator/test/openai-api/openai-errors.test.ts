import { ProviderError } from "@oss-ai-agent-tool/core";
import { describe, expect, it } from "vitest";
import {
  encodeSseError,
  openAIErrorTypeForStatus,
  providerErrorToOpenAI,
  toOpenAIErrorBody,
} from "../../src/openai-api/index.js";

describe("toOpenAIErrorBody", () => {
  it.each([
    [400, "invalid_request_error"],
    [409, "invalid_request_error"],
    [413, "invalid_request_error"],
    [415, "invalid_request_error"],
    [422, "invalid_request_error"],
    [499, "invalid_request_error"],
    [401, "authentication_error"],
    [403, "permission_error"],
    [404, "not_found_error"],
    [408, "timeout_error"],
    [504, "timeout_error"],
    [429, "rate_limit_error"],
    [500, "api_error"],
    [502, "api_error"],
    [503, "api_error"],
    [200, "api_error"],
  ])("types status %i as %s", (status, type) => {
    expect(openAIErrorTypeForStatus(status)).toBe(type);
  });

  it("builds OpenAI's error body, code and param null when not given", () => {
    expect(
      toOpenAIErrorBody(400, "messages: must not be empty", "invalid_value", "messages"),
    ).toStrictEqual({
      error: {
        message: "messages: must not be empty",
        type: "invalid_request_error",
        code: "invalid_value",
        param: "messages",
      },
    });
    expect(toOpenAIErrorBody(404, "no such model")).toStrictEqual({
      error: { message: "no such model", type: "not_found_error", code: null, param: null },
    });
  });

  it("encodes a mid-stream error as one SSE data event", () => {
    const text = encodeSseError(
      toOpenAIErrorBody(502, 'upstream "broke"\nbadly', "upstream_error"),
    );
    expect(text.startsWith("data: ")).toBe(true);
    expect(text.endsWith("\n\n")).toBe(true);
    expect(text.slice(6, -2).includes("\n")).toBe(false);
    expect(JSON.parse(text.slice(6))).toStrictEqual({
      error: {
        message: 'upstream "broke"\nbadly',
        type: "api_error",
        code: "upstream_error",
        param: null,
      },
    });
  });
});

function providerError(
  status: number,
  extra: Partial<ConstructorParameters<typeof ProviderError>[1]> = {},
) {
  return new ProviderError(`p: failed with ${status}`, {
    status,
    provider: "p",
    retryable: false,
    ...extra,
  });
}

describe("providerErrorToOpenAI", () => {
  it.each([
    [400, 400],
    [404, 404],
    [409, 409],
    [413, 413],
    [422, 422],
    [401, 502],
    [403, 502],
    [429, 429],
    [499, 499],
    [408, 504],
    [504, 504],
    [529, 503],
    [500, 502],
    [501, 502],
    [502, 502],
    [503, 502],
    [0, 502],
  ])("answers upstream %i with %i", (upstream, status) => {
    const mapped = providerErrorToOpenAI(providerError(upstream));
    expect(mapped.status).toBe(status);
    expect(mapped.body.error.message).toBe(`p: failed with ${upstream}`);
    expect(mapped.body.error.type).toBe(openAIErrorTypeForStatus(status));
  });

  it("reports upstream 401/403 as a gateway auth failure the client cannot retry away", () => {
    const mapped = providerErrorToOpenAI(
      providerError(401, { code: "invalid_api_key", retryable: true }),
    );
    expect(mapped).toStrictEqual({
      status: 502,
      body: {
        error: {
          message: "p: failed with 401",
          type: "api_error",
          code: "upstream_auth_failed",
          param: null,
        },
      },
      headers: { "x-should-retry": "false" },
    });
  });

  it("keeps egress_blocked as its own code", () => {
    const mapped = providerErrorToOpenAI(providerError(403, { code: "egress_blocked" }));
    expect([mapped.status, mapped.body.error.code]).toStrictEqual([502, "egress_blocked"]);
  });

  it("maps timeouts by code as well as status, and keeps a gateway-internal 500", () => {
    expect(providerErrorToOpenAI(providerError(502, { code: "timeout" })).status).toBe(504);
    expect(providerErrorToOpenAI(providerError(400, { code: "deadline_exceeded" })).status).toBe(
      504,
    );
    expect(providerErrorToOpenAI(providerError(500, { code: "internal_error" })).status).toBe(500);
  });

  it("sends Retry-After in whole seconds, rounded up, and retry-after-ms", () => {
    const mapped = providerErrorToOpenAI(
      providerError(429, { code: "rate_limited", retryable: true, retryAfterMs: 1_200 }),
    );
    expect(mapped).toStrictEqual({
      status: 429,
      body: {
        error: {
          message: "p: failed with 429",
          type: "rate_limit_error",
          code: "rate_limited",
          param: null,
        },
      },
      headers: { "x-should-retry": "true", "retry-after": "2", "retry-after-ms": "1200" },
    });
    expect(
      providerErrorToOpenAI(providerError(529, { retryable: true, retryAfterMs: 3_000 })).headers,
    ).toStrictEqual({
      "x-should-retry": "true",
      "retry-after": "3",
      "retry-after-ms": "3000",
    });
    expect(providerErrorToOpenAI(providerError(429, { retryable: true })).headers).toStrictEqual({
      "x-should-retry": "true",
    });
    // A wait on a client error would be meaningless.
    expect(
      providerErrorToOpenAI(providerError(400, { retryAfterMs: 5_000 })).headers,
    ).toStrictEqual({
      "x-should-retry": "false",
    });
  });

  it("accepts a ProviderError-shaped object from another copy of core", () => {
    const mapped = providerErrorToOpenAI({
      message: "x",
      status: 404,
      code: "model_not_found",
      retryable: false,
      retryAfterMs: undefined,
    });
    expect(mapped.body.error).toStrictEqual({
      message: "x",
      type: "not_found_error",
      code: "model_not_found",
      param: null,
    });
  });
});
