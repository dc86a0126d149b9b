import { isAbortError } from "./is-abort-error.js";
import { type HeaderSource, parseRetryAfter } from "./parse-retry-after.js";
import { isProviderError, ProviderError } from "./provider-error.js";
import { abortedError } from "./standard-errors.js";

// Socket-level failures that say nothing about the request itself: worth another try.
const RETRYABLE_NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_RESPONSE_STATUS_CODE",
]);

const TIMEOUT_CODES = new Set([
  "ETIMEDOUT",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

// AWS reports throttling and overload by exception name, sometimes with a 400.
const RETRYABLE_AWS_NAMES = new Set([
  "ThrottlingException",
  "TooManyRequestsException",
  "ServiceUnavailableException",
  "ModelNotReadyException",
  "InternalServerException",
  "ModelStreamErrorException",
]);

// Error types that arrive without an HTTP status: an error event inside a 200
// stream (Anthropic's `overloaded_error`, OpenAI's `server_error`). The status
// each one would have had says whether another attempt may succeed.
const STATUSLESS_UPSTREAM_TYPES = new Map<string, number>([
  ["overloaded_error", 529],
  ["rate_limit_error", 429],
  ["rate_limit_exceeded", 429],
  ["api_error", 502],
  ["server_error", 502],
  ["internal_server_error", 502],
  ["service_unavailable", 503],
  ["timeout_error", 504],
]);

const MAX_CAUSE_DEPTH = 8;

type Loose = Record<string, unknown>;

function asObject(value: unknown): Loose | undefined {
  return typeof value === "object" && value !== null ? (value as Loose) : undefined;
}

/** Walks `err.cause` links, the shape SDKs use to wrap a fetch failure. */
function* causeChain(err: unknown): Generator<Loose> {
  let current: unknown = err;
  for (let depth = 0; depth < MAX_CAUSE_DEPTH; depth++) {
    const obj = asObject(current);
    if (!obj) return;
    yield obj;
    current = obj.cause;
  }
}

function statusOf(obj: Loose): number | undefined {
  const candidates = [
    obj.status,
    obj.statusCode,
    asObject(obj.$metadata)?.httpStatusCode,
    asObject(obj.response)?.status,
    asObject(obj.$response)?.statusCode,
  ];
  for (const value of candidates) {
    if (typeof value === "number" && value >= 100 && value <= 599) return value;
  }
  return undefined;
}

function headersOf(obj: Loose): HeaderSource | undefined {
  const candidates = [
    obj.headers,
    asObject(obj.response)?.headers,
    asObject(obj.$response)?.headers,
    asObject(obj.rawResponse)?.headers,
  ];
  for (const value of candidates) {
    if (asObject(value)) return value as HeaderSource;
  }
  return undefined;
}

/** The provider's own error code, from the body shapes the SDKs expose. */
function upstreamCodeOf(obj: Loose): string | undefined {
  const body = asObject(obj.error);
  const nested = asObject(body?.error);
  const candidates = [nested?.code, body?.code, obj.code, nested?.type, body?.type, obj.type];
  for (const value of candidates) {
    if (typeof value === "string" && value.length > 0 && value.length <= 64) return value;
  }
  return undefined;
}

// An error event inside a 200 stream has no HTTP status of its own; some
// upstreams (OpenRouter) put the status they mean in the body's numeric `code`.
function bodyStatusOf(obj: Loose): number | undefined {
  const body = asObject(obj.error);
  for (const value of [asObject(body?.error)?.code, body?.code]) {
    if (typeof value === "number" && Number.isInteger(value) && value >= 400 && value <= 599) {
      return value;
    }
  }
  return undefined;
}

/** Whether an HTTP status is worth retrying. 529 is Anthropic's "overloaded". */
export function isRetryableStatus(status: number): boolean {
  return (
    status === 408 ||
    status === 409 ||
    status === 425 ||
    status === 429 ||
    (status >= 500 && status !== 501 && status !== 505)
  );
}

function codeForStatus(status: number): string {
  if (status === 400) return "bad_request";
  if (status === 401) return "unauthorized";
  if (status === 403) return "forbidden";
  if (status === 404) return "not_found";
  if (status === 408) return "timeout";
  if (status === 413) return "payload_too_large";
  if (status === 422) return "unprocessable_entity";
  if (status === 429) return "rate_limited";
  if (status === 529) return "overloaded";
  if (status >= 500) return "upstream_error";
  return "upstream_rejected";
}

/** A failure of the connection rather than of the request: always worth another try. */
function transportError(
  provider: string,
  timeout: boolean,
  detail: string,
  cause: unknown,
): ProviderError {
  return new ProviderError(
    `${provider}: ${timeout ? "upstream timed out" : "network error"} (${detail})`,
    {
      status: timeout ? 504 : 502,
      code: timeout ? "timeout" : "network_error",
      provider,
      retryable: true,
      cause,
    },
  );
}

function messageOf(err: unknown): string {
  const obj = asObject(err);
  const message = obj?.message;
  if (typeof message === "string" && message.length > 0) return message;
  if (typeof err === "string" && err.length > 0) return err;
  return "Provider request failed";
}

/**
 * Turns whatever an official SDK, undici or fetch threw into a
 * {@link ProviderError}: status from `status`, `statusCode` or
 * `$metadata.httpStatusCode`; `Retry-After` (seconds or HTTP date) and
 * `retry-after-ms`; network errors as retryable 502s; timeouts as retryable
 * 504s; aborts as non-retryable 499s. A `ProviderError` anywhere in the cause
 * chain (an egress block wrapped by an SDK) is returned as it is.
 */
export function normalizeProviderError(provider: string, err: unknown): ProviderError {
  for (const link of causeChain(err)) {
    if (isProviderError(link)) return link;
  }

  const message = messageOf(err);
  for (const link of causeChain(err)) {
    if (isAbortError(link)) return abortedError(provider, err);
  }

  const top = asObject(err);
  const status = top ? statusOf(top) : undefined;
  if (top && status !== undefined) {
    const awsName = typeof top.name === "string" ? top.name : undefined;
    const awsRetryable = awsName !== undefined && RETRYABLE_AWS_NAMES.has(awsName);
    // AWS SDK errors name the exception (ValidationException, AccessDeniedException) in `name`.
    const isAwsError = asObject(top.$metadata) !== undefined && awsName !== "Error";
    const upstreamCode = upstreamCodeOf(top);
    const retryAfterMs = parseRetryAfter(headersOf(top));
    const retryable = isRetryableStatus(status) || awsRetryable;
    return new ProviderError(`${provider}: ${message}`, {
      status: awsRetryable && status < 500 && status !== 429 ? 503 : status,
      code: upstreamCode ?? (isAwsError ? awsName : undefined) ?? codeForStatus(status),
      provider,
      retryable,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      cause: err,
    });
  }

  const streamedCode = top ? upstreamCodeOf(top) : undefined;
  const streamedStatus = streamedCode ? STATUSLESS_UPSTREAM_TYPES.get(streamedCode) : undefined;
  if (streamedCode && streamedStatus !== undefined) {
    return new ProviderError(`${provider}: ${message}`, {
      status: streamedStatus,
      code: streamedCode,
      provider,
      retryable: true,
      cause: err,
    });
  }

  const bodyStatus = top ? bodyStatusOf(top) : undefined;
  if (bodyStatus !== undefined) {
    return new ProviderError(`${provider}: ${message}`, {
      status: bodyStatus,
      code: codeForStatus(bodyStatus),
      provider,
      retryable: isRetryableStatus(bodyStatus),
      cause: err,
    });
  }

  for (const link of causeChain(err)) {
    const code = typeof link.code === "string" ? link.code : undefined;
    if (code && RETRYABLE_NETWORK_CODES.has(code)) {
      return transportError(provider, TIMEOUT_CODES.has(code), code, err);
    }
  }

  const name = top && typeof top.name === "string" ? top.name : "";
  if (name === "APIConnectionTimeoutError" || name === "TimeoutError") {
    return transportError(provider, true, message, err);
  }
  if (name === "APIConnectionError" || (err instanceof TypeError && message === "fetch failed")) {
    return transportError(provider, false, message, err);
  }

  return new ProviderError(`${provider}: ${message}`, {
    status: 500,
    code: "internal_error",
    provider,
    retryable: false,
    cause: err,
  });
}
