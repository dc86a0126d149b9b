import type { OpenAIErrorBody } from "./openai-error-body.js";

/** The last event of a successful OpenAI stream. */
export const SSE_DONE = "data: [DONE]\n\n";

/**
 * An SSE comment. Clients and the official SDK skip lines that start with
 * `:`, and it keeps proxies from closing a stream that is quiet while the
 * model thinks.
 */
export const SSE_KEEPALIVE = ": keep-alive\n\n";

/**
 * A failure after the stream began (status and headers are already sent), as
 * the SSE event OpenAI itself uses: `data: {"error": {...}}`. The official
 * SDK turns it into an `APIError` carrying `message`, `type`, `code` and
 * `param`: in openai-node v6 `src/core/streaming.ts`, `Stream.fromSSEResponse`
 * parses each event's data and, `if (data && data.error)`, throws
 * `new APIError(undefined, data.error, undefined, response.headers)`. End the
 * response after it, without `[DONE]`.
 */
export function encodeSseError(body: OpenAIErrorBody): string {
  return `data: ${JSON.stringify(body)}\n\n`;
}
