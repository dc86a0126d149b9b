import { ProviderError } from "@oss-ai-agent-tool/core";
import { OLLAMA_PROVIDER_ID } from "./ollama-constants.js";
import type { FailedResponse } from "./request-scoped-fetch.js";

/**
 * An HTTP error reply from Ollama in the shape core's error normalization
 * reads: `status`, `headers` (for `Retry-After`) and the upstream message.
 */
export class OllamaHttpError extends Error {
  override readonly name = "OllamaHttpError";
  readonly status: number;
  readonly headers: Headers | undefined;

  constructor(message: string, status: number, headers: Headers | undefined, cause: unknown) {
    super(message, { cause });
    this.status = status;
    this.headers = headers;
  }
}

interface SdkResponseError {
  name: "ResponseError";
  error: unknown;
  status_code: number;
  message: string;
}

/** The SDK's `ResponseError`, which it does not export. */
function isSdkResponseError(err: unknown): err is SdkResponseError {
  return (
    typeof err === "object" &&
    err !== null &&
    (err as { name?: unknown }).name === "ResponseError" &&
    typeof (err as { status_code?: unknown }).status_code === "number"
  );
}

// Ollama answers `{ "error": "..." }`; its OpenAI-style proxies `{ "error": { "message" } }`,
// which the SDK turns into the message "[object Object]".
function detailOf(error: unknown, fallback: string): string {
  if (typeof error === "string" && error !== "") return error;
  const nested = (error as { message?: unknown } | null | undefined)?.message;
  if (typeof nested === "string" && nested !== "") return nested;
  return fallback;
}

/**
 * Turns the SDK's `ResponseError` (status in `status_code`, no headers) into
 * an {@link OllamaHttpError} that core normalizes with the right status,
 * retryability and `Retry-After`. Other errors are returned as they are.
 */
export function toOllamaHttpError(err: unknown, failed: FailedResponse | undefined): unknown {
  if (!isSdkResponseError(err)) return err;
  const headers = failed?.status === err.status_code ? failed.headers : undefined;
  return new OllamaHttpError(detailOf(err.error, err.message), err.status_code, headers, err);
}

const NO_DONE_MESSAGE = "Did not receive done or success response in stream.";

/**
 * Classifies what the SDK's stream iterator throws. It throws a plain
 * `Error` for two things: an `{ "error": "..." }` line inside a 200 stream (a
 * failure of the model runner: a retryable 502) and a stream that ended
 * without its `done` chunk (a truncated stream). Errors of the transport
 * (with a `code` or `cause`), aborts and ProviderErrors are returned as they
 * are, for core to normalize.
 */
export function toOllamaStreamError(err: unknown): unknown {
  if (!(err instanceof Error) || err.constructor !== Error) return err;
  if ("code" in err || err.cause !== undefined) return err;
  if (err.message === NO_DONE_MESSAGE) {
    return new ProviderError(`${OLLAMA_PROVIDER_ID}: stream ended before its final chunk`, {
      status: 502,
      code: "truncated_stream",
      provider: OLLAMA_PROVIDER_ID,
      retryable: true,
      cause: err,
    });
  }
  return new ProviderError(`${OLLAMA_PROVIDER_ID}: ${err.message}`, {
    status: 502,
    code: "upstream_error",
    provider: OLLAMA_PROVIDER_ID,
    retryable: true,
    cause: err,
  });
}

/** Passes a stream through, classifying what it throws with {@link toOllamaStreamError}. */
export async function* classifyStreamErrors<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  try {
    yield* source;
  } catch (err) {
    throw toOllamaStreamError(err);
  }
}
