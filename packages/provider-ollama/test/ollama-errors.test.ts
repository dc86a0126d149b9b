import { isProviderError, normalizeProviderError } from "@oss-ai-agent-tool/core";
import { describe, expect, it } from "vitest";
import {
  classifyStreamErrors,
  OllamaHttpError,
  toOllamaHttpError,
  toOllamaStreamError,
} from "../src/ollama-errors.js";
import { createRequestScopedFetch } from "../src/request-scoped-fetch.js";

/** The SDK's unexported ResponseError, by shape. */
function responseError(error: unknown, status: number): Error {
  const err = new Error(typeof error === "string" ? error : String(error)) as Error & {
    error: unknown;
    status_code: number;
  };
  err.name = "ResponseError";
  err.error = error;
  err.status_code = status;
  return err;
}

describe("toOllamaHttpError", () => {
  it("carries the status, the message and the Retry-After of the failed reply into core", () => {
    const headers = new Headers({ "retry-after": "2" });
    const err = toOllamaHttpError(responseError("server busy", 503), { status: 503, headers });
    expect(err).toBeInstanceOf(OllamaHttpError);
    expect(normalizeProviderError("ollama", err)).toMatchObject({
      status: 503,
      retryable: true,
      retryAfterMs: 2000,
      message: "ollama: server busy",
    });
  });

  it("ignores headers of another reply", () => {
    const err = toOllamaHttpError(responseError("nope", 400), {
      status: 503,
      headers: new Headers({ "retry-after": "2" }),
    }) as OllamaHttpError;
    expect(err.headers).toBeUndefined();
  });

  it("reads an OpenAI-style error object, which the SDK renders as [object Object]", () => {
    const err = toOllamaHttpError(
      responseError({ message: "Unauthorized", type: "api_error" }, 401),
      undefined,
    );
    expect((err as Error).message).toBe("Unauthorized");
    const fallback = toOllamaHttpError(responseError({}, 500), undefined);
    expect((fallback as Error).message).toBe("[object Object]");
  });

  it("returns other errors as they are", () => {
    const other = new TypeError("fetch failed");
    expect(toOllamaHttpError(other, undefined)).toBe(other);
    expect(toOllamaHttpError("text", undefined)).toBe("text");
  });
});

describe("toOllamaStreamError", () => {
  it("turns the SDK's missing-done error into a retryable truncated stream", () => {
    expect(
      toOllamaStreamError(new Error("Did not receive done or success response in stream.")),
    ).toMatchObject({
      status: 502,
      code: "truncated_stream",
      retryable: true,
    });
  });

  it("turns an error line into a retryable 502 with Ollama's message", () => {
    const err = toOllamaStreamError(new Error("model runner has unexpectedly stopped"));
    expect(isProviderError(err)).toBe(true);
    expect(err).toMatchObject({
      status: 502,
      code: "upstream_error",
      message: "ollama: model runner has unexpectedly stopped",
    });
  });

  it("leaves transport errors, aborts and typed errors to core", () => {
    const withCode = Object.assign(new Error("socket"), { code: "UND_ERR_SOCKET" });
    const withCause = new Error("terminated", { cause: new Error("other side closed") });
    const typed = new TypeError("terminated");
    const abort = new DOMException("aborted", "AbortError");
    for (const err of [withCode, withCause, typed, abort, "string"]) {
      expect(toOllamaStreamError(err)).toBe(err);
    }
  });

  it("classifies what a stream throws, and passes values through", async () => {
    async function* failing() {
      yield 1;
      throw new Error("boom");
    }
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const value of classifyStreamErrors(failing())) seen.push(value);
      })(),
    ).rejects.toMatchObject({ code: "upstream_error" });
    expect(seen).toEqual([1]);
  });
});

describe("createRequestScopedFetch", () => {
  it("aborts with the attempt's signal, combined with the SDK's own", async () => {
    const seen: AbortSignal[] = [];
    const base = (async (_input: unknown, init?: RequestInit) => {
      seen.push(init?.signal as AbortSignal);
      return new Response("{}", { status: 200 });
    }) as typeof fetch;
    const attempt = new AbortController();
    const sdk = new AbortController();
    const scoped = createRequestScopedFetch(base, attempt.signal);
    await scoped.fetch("http://x/a");
    await scoped.fetch("http://x/b", { signal: sdk.signal });
    expect(seen[0]).toBe(attempt.signal);
    expect(seen[1]?.aborted).toBe(false);
    sdk.abort();
    expect(seen[1]?.aborted).toBe(true);
    const third = new AbortController();
    await scoped.fetch("http://x/c", { signal: third.signal });
    attempt.abort();
    expect(seen[2]?.aborted).toBe(true);
    expect(scoped.failed()).toBeUndefined();
  });

  it("remembers the status and headers of an error reply", async () => {
    const base = (async () =>
      new Response('{"error":"busy"}', {
        status: 429,
        headers: { "retry-after": "3", "content-type": "application/json" },
      })) as typeof fetch;
    const scoped = createRequestScopedFetch(base, new AbortController().signal);
    await scoped.fetch("http://x/api/chat", { method: "POST" });
    expect(scoped.failed()?.status).toBe(429);
    expect(scoped.failed()?.headers.get("retry-after")).toBe("3");
  });
});
