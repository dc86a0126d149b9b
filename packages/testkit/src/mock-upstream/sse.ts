/**
 * Server-Sent Events: the frame encoder and the `sse()` reply builder.
 *
 * @module
 */
import { makeReply, toBytes } from "./reply-core.js";
import type { MockReply, ReplyBaseOptions, StreamTimingOptions } from "./types.js";

/** One SSE event. `data` objects are serialized with `JSON.stringify`; strings are sent verbatim (split on newlines into several `data:` lines). */
export interface SseDataEvent {
  /** The `event:` field (Anthropic and the OpenAI Responses API name their events). */
  event?: string;
  /** The `data:` payload. */
  data: string | object;
  /** The `id:` field. */
  id?: string;
  /** The `retry:` field, in milliseconds. */
  retry?: number;
}

/** An SSE comment line (`: text`), e.g. keep-alives such as OpenRouter's `: OPENROUTER PROCESSING`. */
export interface SseCommentEvent {
  /** Comment text, without the leading colon. */
  comment: string;
}

/** Anything {@link sse} can send. */
export type SseEvent = SseDataEvent | SseCommentEvent;

/** Line ending used inside and between SSE frames. Gemini uses CRLF. */
export type SseLineEnding = "\n" | "\r\n";

/** Options of {@link sse}. */
export interface SseReplyOptions extends ReplyBaseOptions, StreamTimingOptions {
  /** Default `"\n"`. */
  lineEnding?: SseLineEnding;
  /** Append a final `data: [DONE]` frame (OpenAI-compatible chat completions). Default false. */
  done?: boolean;
}

/** Encodes one event as an SSE frame, blank-line terminator included. Pure. */
export function encodeSseEvent(event: SseEvent, lineEnding: SseLineEnding = "\n"): string {
  if ("comment" in event) {
    return `${event.comment
      .split(/\r?\n/)
      .map((line) => `: ${line}`)
      .join(lineEnding)}${lineEnding}${lineEnding}`;
  }
  const lines: string[] = [];
  if (event.id !== undefined) lines.push(`id: ${event.id}`);
  if (event.event !== undefined) lines.push(`event: ${event.event}`);
  if (event.retry !== undefined) lines.push(`retry: ${event.retry}`);
  const data = typeof event.data === "string" ? event.data : JSON.stringify(event.data);
  for (const line of data.split(/\r?\n/)) lines.push(`data: ${line}`);
  return `${lines.join(lineEnding)}${lineEnding}${lineEnding}`;
}

/**
 * A `text/event-stream` reply. Each event is one write (one unit), with `delayMs` between frames,
 * so clients see real chunk timing; `splitEvery` re-chunks the encoded bytes instead.
 *
 * @example upstream.on("POST", "/v1/chat/completions", sse([{ data: chunk1 }, { data: chunk2 }], { done: true }));
 */
export function sse(events: readonly SseEvent[], options: SseReplyOptions = {}): MockReply {
  const lineEnding = options.lineEnding ?? "\n";
  const all: SseEvent[] = options.done ? [...events, { data: "[DONE]" }] : [...events];
  const { lineEnding: _l, done: _d, ...rest } = options;
  return makeReply({
    kind: "sse",
    units: all.map((event) => toBytes(encodeSseEvent(event, lineEnding))),
    defaultHeaders: { "content-type": "text/event-stream", "cache-control": "no-cache" },
    ...rest,
  });
}
