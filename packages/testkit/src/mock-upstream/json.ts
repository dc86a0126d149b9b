/**
 * The `json()` reply builder.
 *
 * @module
 */
import { makeReply, toBytes } from "./reply-core.js";
import type { MockReply, ReplyBaseOptions } from "./types.js";

/** Options of {@link json}. */
export interface JsonReplyOptions extends ReplyBaseOptions {
  /** Milliseconds before anything is sent. Default 0. */
  firstByteDelayMs?: number;
}

/**
 * A non-streamed JSON reply with `content-type: application/json` and a `content-length`.
 *
 * @param body - Serialized with `JSON.stringify` (a string becomes a JSON string). To send
 *   pre-serialized or deliberately broken JSON text, use `raw()` or `fault.malformedJson()`.
 * @example upstream.on("POST", "/v1/chat/completions", json({ id: "chatcmpl-1", choices: [] }));
 */
export function json(body: unknown, options: JsonReplyOptions = {}): MockReply {
  const text: string | undefined = JSON.stringify(body);
  if (text === undefined) throw new TypeError("json(): body is not JSON-serializable");
  return makeReply({
    kind: "json",
    units: [toBytes(text)],
    defaultHeaders: { "content-type": "application/json" },
    fixedLength: true,
    ...options,
  });
}
