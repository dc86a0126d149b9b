import { ApiError } from "@google/genai";
import { isProviderError, normalizeProviderError } from "@oss-ai-agent-tool/core";
import { collectEvents, rejectionOf } from "@oss-ai-agent-tool/testkit";
import { describe, expect, it } from "vitest";
import {
  GoogleApiError,
  googleErrorFromResponse,
  googleFetch,
  parseGoogleErrorBody,
  parseGoogleRetryDelay,
  streamWithGoogleErrors,
  toGoogleError,
  withGoogleErrors,
} from "../src/index.js";

const RETRY_INFO = "type.googleapis.com/google.rpc.RetryInfo";

describe("parseGoogleRetryDelay", () => {
  it.each([
    [[{ "@type": RETRY_INFO, retryDelay: "34.4s" }], 34_400],
    [
      [
        { "@type": "type.googleapis.com/google.rpc.QuotaFailure" },
        { "@type": RETRY_INFO, retryDelay: "48s" },
      ],
      48_000,
    ],
    [[{ "@type": RETRY_INFO, retryDelay: { seconds: "2", nanos: 500_000_000 } }], 2_500],
    [[{ "@type": RETRY_INFO, retryDelay: "soon" }], undefined],
    [[{ "@type": RETRY_INFO, retryDelay: { seconds: "x" } }], undefined],
    [[null, "x"], undefined],
    [undefined, undefined],
  ])("reads %j as %s ms", (details, expected) => {
    expect(parseGoogleRetryDelay(details)).toBe(expected);
  });
});

describe("parseGoogleErrorBody", () => {
  it("reads { error } and [{ error }], and nothing else", () => {
    const error = { code: 400, message: "bad", status: "INVALID_ARGUMENT" };
    expect(parseGoogleErrorBody(JSON.stringify({ error }))).toEqual(error);
    expect(parseGoogleErrorBody(JSON.stringify([{ error }]))).toEqual(error);
    expect(parseGoogleErrorBody('{"error":"flat"}')).toBeUndefined();
    expect(parseGoogleErrorBody("[]")).toBeUndefined();
    expect(parseGoogleErrorBody("<html>")).toBeUndefined();
  });
});

describe("GoogleApiError", () => {
  it("takes the message from the body, names Google's status, and turns RetryInfo into retry-after-ms", () => {
    const err = new GoogleApiError(
      429,
      {
        code: 429,
        message: "You exceeded your current quota.",
        status: "RESOURCE_EXHAUSTED",
        details: [{ "@type": RETRY_INFO, retryDelay: "34.4s" }],
      },
      { "content-type": "application/json" },
    );
    expect(err.message).toBe("You exceeded your current quota. (HTTP 429 RESOURCE_EXHAUSTED)");
    expect(err.headers).toEqual({ "content-type": "application/json", "retry-after-ms": "34400" });
    expect(normalizeProviderError("google", err)).toMatchObject({
      status: 429,
      code: "rate_limited",
      retryable: true,
      retryAfterMs: 34_400,
    });
  });

  it("keeps a real Retry-After header over RetryInfo, and falls back to the body text", () => {
    const err = new GoogleApiError(
      503,
      { details: [{ "@type": RETRY_INFO, retryDelay: "9s" }] },
      { "Retry-After": "1" },
      "upstream said no",
    );
    expect(err.headers).toEqual({ "Retry-After": "1" });
    expect(err.retryDelayMs).toBe(9_000);
    expect(err.message).toBe("upstream said no (HTTP 503)");
    expect(new GoogleApiError(500, undefined).message).toBe("Gemini API error (HTTP 500)");
  });

  it("is read from a failed Response with its headers", async () => {
    const err = await googleErrorFromResponse(
      new Response(
        '{"error":{"code":404,"message":"models/x is not found","status":"NOT_FOUND"}}',
        {
          status: 404,
          headers: { "x-request-id": "r1" },
        },
      ),
    );
    expect(err).toMatchObject({ status: 404, googleStatus: "NOT_FOUND" });
    expect(err.headers["x-request-id"]).toBe("r1");
    expect(err.message).toContain("models/x is not found");
  });
});

describe("googleFetch", () => {
  it("passes successes through, refusing redirects, and turns failures into GoogleApiError", async () => {
    const ok = new Response("{}");
    let seen: RequestInit | undefined;
    const wrapped = googleFetch(async (_input, init) => {
      seen = init;
      return ok;
    });
    expect(await wrapped("http://127.0.0.1:1/x", { method: "POST" })).toBe(ok);
    expect(seen).toEqual({ method: "POST", redirect: "error" });
    const failing = googleFetch(
      async () => new Response("nope", { status: 500, statusText: "Internal" }),
    );
    const err = await rejectionOf(failing("http://127.0.0.1:1/x"));
    expect(err).toBeInstanceOf(GoogleApiError);
    expect(err).toMatchObject({ status: 500, message: "nope (HTTP 500)" });
  });
});

describe("toGoogleError", () => {
  it("reads the error object the SDK found inside a 200 stream", () => {
    const body = {
      error: {
        code: 429,
        message: "Resource exhausted.",
        status: "RESOURCE_EXHAUSTED",
        details: [{ "@type": RETRY_INFO, retryDelay: "1s" }],
      },
    };
    const sdkError = new ApiError({
      message: `got status: RESOURCE_EXHAUSTED. ${JSON.stringify(body)}`,
      status: 429,
    });
    const err = toGoogleError("google", sdkError);
    expect(err).toBeInstanceOf(GoogleApiError);
    expect(err).toMatchObject({
      status: 429,
      message: "Resource exhausted. (HTTP 429 RESOURCE_EXHAUSTED)",
      retryDelayMs: 1000,
    });
    expect(toGoogleError("google", new ApiError({ message: "plain", status: 500 }))).toMatchObject({
      status: 500,
      message: "plain (HTTP 500)",
    });
  });

  it("makes unreadable replies a 502 invalid_response and a cut stream a retryable truncation", () => {
    expect(toGoogleError("google", new SyntaxError("Unexpected token"))).toMatchObject({
      status: 502,
      code: "invalid_response",
      retryable: false,
    });
    const cut = toGoogleError("google", new Error("Incomplete JSON segment at the end"));
    expect(isProviderError(cut)).toBe(true);
    expect(cut).toMatchObject({ status: 502, code: "truncated_stream", retryable: true });
    const other = new Error("something else");
    expect(toGoogleError("google", other)).toBe(other);
  });

  it("wraps calls and streams", async () => {
    expect(await withGoogleErrors("google", async () => 1)).toBe(1);
    expect(
      await rejectionOf(
        withGoogleErrors("google", async () => Promise.reject(new SyntaxError("x"))),
      ),
    ).toMatchObject({ code: "invalid_response" });
    async function* failing(): AsyncGenerator<number> {
      yield 1;
      throw new Error("Incomplete JSON segment at the end");
    }
    expect(
      await rejectionOf(collectEvents(streamWithGoogleErrors("google", failing()))),
    ).toMatchObject({
      code: "truncated_stream",
    });
  });
});
