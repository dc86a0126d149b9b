import { MistralError } from "@mistralai/mistralai/models/errors";
import { ProviderError } from "@oss-ai-agent-tool/core";

const MAX_MESSAGE = 500;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** One FastAPI-style validation issue, e.g. `body.max_completion_tokens: Extra inputs are not permitted`. */
function issueText(issue: unknown): string | undefined {
  if (!isRecord(issue) || typeof issue.msg !== "string") return undefined;
  const loc = Array.isArray(issue.loc) ? issue.loc.map(String).join(".") : "";
  return loc ? `${loc}: ${issue.msg}` : issue.msg;
}

function messageOf(value: unknown, depth: number): string | undefined {
  if (depth > 4) return undefined;
  if (typeof value === "string") return value.trim() || undefined;
  if (Array.isArray(value)) {
    const issues = value.map(issueText).filter((t): t is string => t !== undefined);
    return issues.length ? issues.join("; ") : undefined;
  }
  if (!isRecord(value)) return undefined;
  return (
    messageOf(value.message, depth + 1) ??
    messageOf(value.detail, depth + 1) ??
    messageOf(value.error, depth + 1)
  );
}

/**
 * The readable message of a Mistral error body. Mistral answers with
 * `{ object: "error", message, type, code }`, `{ message }` (gateway rate
 * limits), `{ detail: "..." }` (authentication) or `{ detail: [issues] }`,
 * sometimes nested under `message` (request validation). A body that is not
 * JSON is returned trimmed. Pure.
 */
export function mistralErrorMessage(body: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = body;
  }
  return messageOf(parsed, 0)?.slice(0, MAX_MESSAGE);
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

function isUnreadableReply(err: unknown): boolean {
  return err instanceof SyntaxError || (err instanceof Error && err.name === "ZodError");
}

/**
 * Makes an SDK error one that core's normalizer reads well: an HTTP error
 * keeps its status and headers (so `Retry-After` survives) and gets the
 * message from the body instead of the SDK's dump of it; a 2xx reply the SDK
 * could not parse becomes a 502 `invalid_response` instead of a status-200
 * error. Anything else is returned as it is. Pure.
 */
export function toMistralError(provider: string, err: unknown): unknown {
  if (err instanceof MistralError) {
    if (err.statusCode < 400) return invalidResponse(provider, err);
    const message = mistralErrorMessage(err.body) ?? "Mistral API error";
    return Object.assign(new Error(`${message} (HTTP ${err.statusCode})`, { cause: err }), {
      statusCode: err.statusCode,
      headers: err.headers,
    });
  }
  if (isUnreadableReply(err)) return invalidResponse(provider, err);
  return err;
}

/** Runs an SDK call, rethrowing its failure through {@link toMistralError}. */
export async function withMistralErrors<T>(provider: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw toMistralError(provider, err);
  }
}

/** Passes a stream on, rethrowing a failure inside it through {@link toMistralError}. */
export async function* streamWithMistralErrors<T>(
  provider: string,
  stream: AsyncIterable<T>,
): AsyncGenerator<T> {
  try {
    yield* stream;
  } catch (err) {
    throw toMistralError(provider, err);
  }
}
