/**
 * The `raw()` reply builder: exact bytes, for anything the other builders do not cover.
 *
 * @module
 */
import { makeReply, toBytes } from "./reply-core.js";
import type { MockReply, ReplyBaseOptions, StreamTimingOptions } from "./types.js";

/** Options of {@link raw}. */
export interface RawReplyOptions extends ReplyBaseOptions, StreamTimingOptions {
  /**
   * Send these chunks (one write each, `delayMs` apart, chunked transfer encoding) after `body`.
   * Pass `""` as `body` to send only the chunks.
   */
  chunks?: ReadonlyArray<Uint8Array | string>;
}

/**
 * A reply carrying exact bytes. Without `chunks` it is sent in one write with a `content-length`;
 * with `chunks` it is streamed. Content type defaults to `application/octet-stream`.
 *
 * @example raw("data: {\"x\":1}\n\n", { headers: { "content-type": "text/event-stream" } })
 */
export function raw(body: Uint8Array | string, options: RawReplyOptions = {}): MockReply {
  const { chunks, ...rest } = options;
  const first = toBytes(body);
  const units = chunks
    ? [...(first.byteLength > 0 ? [first] : []), ...chunks.map(toBytes)]
    : [first];
  return makeReply({
    kind: "raw",
    units,
    defaultHeaders: { "content-type": "application/octet-stream" },
    fixedLength: chunks === undefined,
    ...rest,
  });
}
