import { APIError } from "@anthropic-ai/sdk";
import { invalidResponseError } from "./anthropic-errors.js";

const MAX_MESSAGE = 500;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The readable message of an Anthropic error body. Anthropic answers with
 * `{ type: "error", error: { type, message }, request_id }`, in an HTTP error
 * and in an `error` event of a stream alike; a proxy may send `{ message }`
 * or plain text. Pure.
 */
export function anthropicErrorMessage(body: unknown): string | undefined {
  if (typeof body === "string") return body.trim().slice(0, MAX_MESSAGE) || undefined;
  if (!isRecord(body)) return undefined;
  const nested = isRecord(body.error) ? body.error.message : undefined;
  const message = typeof nested === "string" ? nested : body.message;
  return typeof message === "string" && message.trim()
    ? message.trim().slice(0, MAX_MESSAGE)
    : undefined;
}

/** Anthropic's error type (`overloaded_error`, `rate_limit_error`, ...) from an error body. */
export function anthropicErrorType(body: unknown): string | undefined {
  if (!isRecord(body) || !isRecord(body.error)) return undefined;
  return typeof body.error.type === "string" ? body.error.type : undefined;
}

function isUnreadableReply(err: unknown): boolean {
  return err instanceof SyntaxError;
}

/**
 * Makes an SDK error one that core's normalizer reads well. The SDK's own
 * message is a JSON dump of the body; this keeps the status, the headers (so
 * `Retry-After` survives) and the body (so the error type becomes the code)
 * under a message taken from the body:
 *
 * - an HTTP error → `"<message> (HTTP <status>)"` with `status` and `headers`;
 * - an `error` event inside a 200 stream (no status) → `"<message>"` with the
 *   body, whose type core maps to the status it stands for (`overloaded_error`
 *   → a retryable 529);
 * - a 2xx reply or stream event that is not JSON → a 502 `invalid_response`.
 *
 * Connection errors and aborts are returned as they are. Pure.
 */
export function toAnthropicError(provider: string, err: unknown): unknown {
  if (err instanceof APIError) {
    const body: unknown = err.error;
    if (err.status !== undefined) {
      const message = anthropicErrorMessage(body) ?? `Anthropic API error`;
      return Object.assign(new Error(`${message} (HTTP ${err.status})`, { cause: err }), {
        status: err.status,
        headers: err.headers,
        error: body,
      });
    }
    if (body !== undefined) {
      const message = anthropicErrorMessage(body) ?? "Anthropic stream error";
      const type = anthropicErrorType(body);
      return Object.assign(new Error(type ? `${message} (${type})` : message, { cause: err }), {
        error: body,
      });
    }
    return err;
  }
  if (isUnreadableReply(err)) return invalidResponseError(provider, err);
  return err;
}

/** Runs an SDK call, rethrowing its failure through {@link toAnthropicError}. */
export async function withAnthropicErrors<T>(provider: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw toAnthropicError(provider, err);
  }
}

/** Passes a stream on, rethrowing a failure inside it through {@link toAnthropicError}. */
export async function* streamWithAnthropicErrors<T>(
  provider: string,
  stream: AsyncIterable<T>,
): AsyncGenerator<T> {
  try {
    yield* stream;
  } catch (err) {
    throw toAnthropicError(provider, err);
  }
}
