import { isProviderError, ProviderError } from "@oss-ai-agent-tool/core";

/**
 * The HTTP status each exception of the ConverseStream union stands for, and
 * whether another attempt may succeed. These arrive as event-stream frames
 * inside a 200, so the SDK's error carries no HTTP status of its own.
 */
const STREAM_EXCEPTIONS: Readonly<Record<string, { status: number; retryable: boolean }>> = {
  ThrottlingException: { status: 429, retryable: true },
  ServiceUnavailableException: { status: 503, retryable: true },
  InternalServerException: { status: 500, retryable: true },
  ModelStreamErrorException: { status: 502, retryable: true },
  ValidationException: { status: 400, retryable: false },
};

interface AwsErrorShape {
  name?: unknown;
  message?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  $response?: { statusCode?: unknown };
}

function shape(err: unknown): AwsErrorShape | undefined {
  return typeof err === "object" && err !== null ? (err as AwsErrorShape) : undefined;
}

/**
 * Makes an SDK error one that core's normalizer reads well. Core already
 * reads an HTTP error's status, `Retry-After` and AWS exception name; what it
 * cannot know:
 *
 * - an exception frame in a 200 stream (`throttlingException`,
 *   `modelStreamErrorException`, ...) has no status: it gets the one its
 *   name stands for, and is retryable where another attempt may succeed;
 * - a 2xx reply the SDK could not parse would otherwise become a
 *   "status 200" error: it is a 502 `invalid_response`.
 *
 * Anything else is returned as it is. Pure.
 */
export function toBedrockError(provider: string, err: unknown): unknown {
  const e = shape(err);
  if (!e || isProviderError(err)) return err;
  const name = typeof e.name === "string" ? e.name : "";
  const message = typeof e.message === "string" && e.message ? e.message : name;
  const httpStatus = e.$metadata?.httpStatusCode;
  const streamed = STREAM_EXCEPTIONS[name];
  // An exception frame rides in a 200: an SDK that labels it with that status means the same.
  if (streamed && (typeof httpStatus !== "number" || httpStatus < 300)) {
    return new ProviderError(`${provider}: ${message}`, {
      status: streamed.status,
      code: name,
      provider,
      retryable: streamed.retryable,
      cause: err,
    });
  }
  const replyStatus = typeof httpStatus === "number" ? httpStatus : e.$response?.statusCode;
  if (typeof replyStatus === "number" && replyStatus >= 200 && replyStatus < 300) {
    return new ProviderError(`${provider}: the upstream reply could not be read`, {
      status: 502,
      code: "invalid_response",
      provider,
      retryable: false,
      cause: err,
    });
  }
  return err;
}

/** Runs an SDK call, rethrowing its failure through {@link toBedrockError}. */
export async function withBedrockErrors<T>(provider: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw toBedrockError(provider, err);
  }
}

/** Passes a stream on, rethrowing a failure inside it through {@link toBedrockError}. */
export async function* streamWithBedrockErrors<T>(
  provider: string,
  stream: AsyncIterable<T>,
): AsyncGenerator<T> {
  try {
    yield* stream;
  } catch (err) {
    throw toBedrockError(provider, err);
  }
}
