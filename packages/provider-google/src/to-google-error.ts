import { ApiError } from "@google/genai";
import type { FetchFunction } from "@oss-ai-agent-tool/core";
import { ProviderError } from "@oss-ai-agent-tool/core";

const MAX_MESSAGE = 500;
const RETRY_INFO_TYPE = "type.googleapis.com/google.rpc.RetryInfo";

/** Google's error body: `{ error: { code, message, status, details } }`. */
export interface GoogleErrorBody {
  code?: unknown;
  message?: unknown;
  status?: unknown;
  details?: unknown;
}

/**
 * An HTTP error from the Gemini API, shaped for core's normalizer: `status`
 * and `headers` (so `Retry-After` survives), and the readable message from
 * Google's error body rather than a dump of it. When Google says how long to
 * wait only in the body (`google.rpc.RetryInfo.retryDelay`, as it does on
 * quota 429s), that wait is added as a `retry-after-ms` header.
 */
export class GoogleApiError extends Error {
  override readonly name = "GoogleApiError";
  readonly status: number;
  readonly headers: Record<string, string>;
  /** Google's canonical status name, e.g. `RESOURCE_EXHAUSTED`. */
  readonly googleStatus: string | undefined;
  /** The wait Google asked for, in ms, from `Retry-After` or `RetryInfo`. */
  readonly retryDelayMs: number | undefined;

  constructor(
    status: number,
    body: GoogleErrorBody | undefined,
    headers: Record<string, string> = {},
    fallbackMessage = "",
  ) {
    const googleStatus = typeof body?.status === "string" ? body.status : undefined;
    const text =
      (typeof body?.message === "string" && body.message.trim()) ||
      fallbackMessage.trim() ||
      "Gemini API error";
    super(
      `${text.slice(0, MAX_MESSAGE)} (HTTP ${status}${googleStatus ? ` ${googleStatus}` : ""})`,
    );
    this.status = status;
    this.googleStatus = googleStatus;
    const retryDelayMs = parseGoogleRetryDelay(body?.details);
    const hasHeader = Object.keys(headers).some(
      (name) => name.toLowerCase() === "retry-after" || name.toLowerCase() === "retry-after-ms",
    );
    this.headers =
      !hasHeader && retryDelayMs !== undefined
        ? { ...headers, "retry-after-ms": String(retryDelayMs) }
        : headers;
    this.retryDelayMs = retryDelayMs;
  }
}

/** A protobuf `Duration` in JSON (`"34.4s"`, or `{ seconds, nanos }`) in ms. */
function durationMs(value: unknown): number | undefined {
  if (typeof value === "string") {
    const match = /^(\d+(?:\.\d+)?)s$/.exec(value.trim());
    return match ? Math.round(Number(match[1]) * 1000) : undefined;
  }
  if (typeof value === "object" && value !== null) {
    const { seconds, nanos } = value as { seconds?: unknown; nanos?: unknown };
    const s = Number(seconds ?? 0);
    const n = Number(nanos ?? 0);
    if (Number.isFinite(s) && Number.isFinite(n)) return Math.round(s * 1000 + n / 1e6);
  }
  return undefined;
}

/**
 * The wait in ms a Google error's `details` ask for (`google.rpc.RetryInfo`
 * `retryDelay`, e.g. `"34.4s"`), if any. Pure.
 */
export function parseGoogleRetryDelay(details: unknown): number | undefined {
  if (!Array.isArray(details)) return undefined;
  for (const detail of details) {
    if (typeof detail !== "object" || detail === null) continue;
    const { "@type": type, retryDelay } = detail as { "@type"?: unknown; retryDelay?: unknown };
    if (type === RETRY_INFO_TYPE) return durationMs(retryDelay);
  }
  return undefined;
}

/**
 * Reads Google's error body from JSON text: `{ error }`, or `[{ error }]` as
 * the non-SSE stream endpoint sends it. `undefined` when it is neither. Pure.
 */
export function parseGoogleErrorBody(text: string): GoogleErrorBody | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const first = Array.isArray(parsed) ? parsed[0] : parsed;
  if (typeof first !== "object" || first === null) return undefined;
  const error = (first as { error?: unknown }).error;
  return typeof error === "object" && error !== null ? (error as GoogleErrorBody) : undefined;
}

/** Builds a {@link GoogleApiError} from a failed HTTP response, reading its body. */
export async function googleErrorFromResponse(response: Response): Promise<GoogleApiError> {
  const text = await response.text().catch(() => "");
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return new GoogleApiError(
    response.status,
    parseGoogleErrorBody(text),
    headers,
    text || response.statusText,
  );
}

/**
 * Wraps the egress `fetch` for the SDK:
 *
 * - a non-2xx response becomes a {@link GoogleApiError} with its headers,
 *   before the SDK turns it into an `ApiError` that keeps neither the headers
 *   nor the retry delay;
 * - redirects are refused (`redirect: "error"`): the Gemini API never
 *   redirects, and the key travels in `x-goog-api-key`, a header a fetch
 *   following a redirect to another origin would send along.
 */
export function googleFetch(fetch: FetchFunction): FetchFunction {
  return async (input, init) => {
    const response = await fetch(input, { ...init, redirect: "error" });
    if (response.ok) return response;
    throw await googleErrorFromResponse(response);
  };
}

function invalidResponse(provider: string, cause: unknown): ProviderError {
  return new ProviderError(`${provider}: the upstream reply could not be read`, {
    status: 502,
    code: "invalid_response",
    provider,
    retryable: false,
    cause,
  });
}

/**
 * Makes an SDK error one that core's normalizer reads well:
 *
 * - an `ApiError` (the SDK's error for an error object inside a 200 SSE
 *   stream, whose message is `got status: ... {json}`) becomes a
 *   {@link GoogleApiError} with the body's message and retry delay;
 * - a reply that is not JSON becomes a 502 `invalid_response`;
 * - a stream cut inside an event ("Incomplete JSON segment at the end")
 *   becomes a retryable 502 `truncated_stream`.
 *
 * Anything else is returned as it is. Pure.
 */
export function toGoogleError(provider: string, err: unknown): unknown {
  if (err instanceof ApiError) {
    const at = err.message.indexOf("{");
    const body = at >= 0 ? parseGoogleErrorBody(err.message.slice(at)) : undefined;
    return Object.assign(new GoogleApiError(err.status, body, {}, err.message), { cause: err });
  }
  if (err instanceof SyntaxError) return invalidResponse(provider, err);
  if (err instanceof Error && err.message === "Incomplete JSON segment at the end") {
    return new ProviderError(`${provider}: stream ended inside an event`, {
      status: 502,
      code: "truncated_stream",
      provider,
      retryable: true,
      cause: err,
    });
  }
  return err;
}

/** Runs an SDK call, rethrowing its failure through {@link toGoogleError}. */
export async function withGoogleErrors<T>(provider: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw toGoogleError(provider, err);
  }
}

/** Passes a stream on, rethrowing a failure inside it through {@link toGoogleError}. */
export async function* streamWithGoogleErrors<T>(
  provider: string,
  stream: AsyncIterable<T>,
): AsyncGenerator<T> {
  try {
    yield* stream;
  } catch (err) {
    throw toGoogleError(provider, err);
  }
}
