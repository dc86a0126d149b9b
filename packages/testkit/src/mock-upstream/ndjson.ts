/**
 * The `ndjson()` reply builder (Ollama's native streaming format).
 *
 * @module
 */
import { makeReply, toBytes } from "./reply-core.js";
import type { MockReply, ReplyBaseOptions, StreamTimingOptions } from "./types.js";

/** Options of {@link ndjson}. */
export interface NdjsonReplyOptions extends ReplyBaseOptions, StreamTimingOptions {}

/**
 * An `application/x-ndjson` stream: one JSON value per line, each line one write.
 * Strings are sent verbatim as a line (already-serialized JSON, or deliberately broken lines).
 *
 * @example upstream.on("POST", "/api/chat", ndjson([{ message: { content: "Hi" }, done: false }, { done: true }]));
 */
export function ndjson(objects: readonly unknown[], options: NdjsonReplyOptions = {}): MockReply {
  return makeReply({
    kind: "ndjson",
    units: objects.map((value) =>
      toBytes(`${typeof value === "string" ? value : JSON.stringify(value)}\n`),
    ),
    defaultHeaders: { "content-type": "application/x-ndjson" },
    ...options,
  });
}
