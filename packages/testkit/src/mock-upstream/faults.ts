/**
 * Fault replies: error statuses, hangs, connection resets, malformed bodies, early ends and slow
 * streams. Each returns a plain {@link MockReply}, so faults can be queued with `once()`.
 *
 * @module
 */
import { json } from "./json.js";
import { makeReply, toBytes, withReply } from "./reply-core.js";
import type { MockReply } from "./types.js";

/** Options of {@link fault.status}. */
export interface StatusFaultOptions {
  /** Extra headers, e.g. `{ "retry-after": "2" }`, `{ "retry-after-ms": "10" }` or an HTTP-date. */
  headers?: Record<string, string>;
  /** Body: objects are JSON-serialized, strings sent verbatim. Default: an OpenAI-style `{ error: { ... } }`. */
  body?: string | object;
}

/** Where to cut a streamed reply. Give exactly one of the two. */
export interface CutPoint {
  /** Cut after this many body bytes (may split a frame or a UTF-8 character). */
  afterBytes?: number;
  /** Cut after this many whole units (SSE frames, NDJSON lines, event-stream messages, raw chunks). */
  afterEvents?: number;
}

/** Options of {@link fault.slowDrip}. */
export interface SlowDripOptions {
  /** Bytes written per tick (>= 1). */
  bytesPerTick: number;
  /** Milliseconds between ticks. */
  tickMs: number;
}

function nonNegativeInt(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0)
    throw new RangeError(`${name} must be an integer >= 0, got ${value}`);
  return value;
}

function cut(reply: MockReply, at: CutPoint, fn: string): Partial<MockReply> {
  if ((at.afterBytes === undefined) === (at.afterEvents === undefined)) {
    throw new TypeError(`${fn}: give exactly one of afterBytes or afterEvents`);
  }
  if (at.afterEvents !== undefined) {
    return {
      units: Object.freeze(reply.units.slice(0, nonNegativeInt("afterEvents", at.afterEvents))),
    };
  }
  return { cutAfterBytes: nonNegativeInt("afterBytes", at.afterBytes ?? 0) };
}

const DEFAULT_MESSAGES: Record<number, string> = {
  400: "Bad request",
  401: "Invalid API key",
  403: "Forbidden",
  404: "Not found",
  408: "Request timeout",
  409: "Conflict",
  429: "Rate limit exceeded",
  500: "Internal server error",
  502: "Bad gateway",
  503: "Service unavailable",
  504: "Gateway timeout",
  529: "Overloaded",
};

/** Fault reply builders. */
export const fault = Object.freeze({
  /**
   * An error status with a JSON body, e.g. `fault.status(429, { headers: { "retry-after": "2" } })`
   * or `fault.status(529)` (Anthropic's "overloaded").
   */
  status(code: number, options: StatusFaultOptions = {}): MockReply {
    const message = DEFAULT_MESSAGES[code] ?? `HTTP ${code}`;
    const body = options.body ?? {
      error: {
        message: `mock upstream fault: ${message}`,
        type: "mock_upstream_fault",
        code: String(code),
      },
    };
    const reply = json(body, {
      status: code,
      ...(options.headers ? { headers: options.headers } : {}),
    });
    return withReply(reply, { kind: `fault.status(${code})` });
  },

  /** Reads the request, then never answers (no status line); released when the client leaves or the mock closes. */
  hang(): MockReply {
    return withReply(makeReply({ kind: "fault.hang", units: [], defaultHeaders: {} }), {
      sendHeaders: false,
      ending: "hang",
    });
  },

  /**
   * Sends status and headers of `reply` (default: a 200 `text/event-stream`), then no body and never ends.
   * Use it to test a first-token or idle timeout.
   */
  hangAfterHeaders(reply?: MockReply): MockReply {
    const base =
      reply ??
      makeReply({
        kind: "sse",
        units: [],
        defaultHeaders: { "content-type": "text/event-stream" },
      });
    return withReply(base, {
      kind: `fault.hangAfterHeaders(${base.kind})`,
      units: Object.freeze([]),
      cutAfterBytes: undefined,
      ending: "hang",
    });
  },

  /** Starts `reply`, then goes silent mid-stream without closing (idle-timeout tests). */
  stallAfter(reply: MockReply, at: CutPoint): MockReply {
    return withReply(reply, {
      ...cut(reply, at, "fault.stallAfter"),
      kind: `fault.stallAfter(${reply.kind})`,
      ending: "hang",
    });
  },

  /** Reads the request, then resets the connection before any response byte (HTTP/2: RST_STREAM). */
  resetBeforeResponse(): MockReply {
    return withReply(
      makeReply({ kind: "fault.resetBeforeResponse", units: [], defaultHeaders: {} }),
      {
        sendHeaders: false,
        ending: "destroy",
      },
    );
  },

  /**
   * Starts `reply` (status, headers and the first bytes or events), then destroys the connection
   * mid-body. A `content-length` reply keeps announcing its full length, so clients see a short body.
   */
  resetAfter(reply: MockReply, at: CutPoint): MockReply {
    return withReply(reply, {
      ...cut(reply, at, "fault.resetAfter"),
      kind: `fault.resetAfter(${reply.kind})`,
      ending: "destroy",
    });
  },

  /** A 200 `application/json` reply whose body is not valid JSON (it stops mid-object). */
  malformedJson(options: { status?: number; body?: string } = {}): MockReply {
    const body =
      options.body ??
      '{"id":"chatcmpl-mock","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"Hel';
    return makeReply({
      kind: "fault.malformedJson",
      units: [toBytes(body)],
      defaultHeaders: { "content-type": "application/json" },
      fixedLength: true,
      status: options.status ?? 200,
    });
  },

  /**
   * Ends `reply` cleanly but early, after `afterEvents` units: no final event (`[DONE]`,
   * `message_stop`, `done: true`, ...). A `content-length` is recomputed to match.
   */
  truncate(reply: MockReply, afterEvents: number): MockReply {
    const units = Object.freeze(reply.units.slice(0, nonNegativeInt("afterEvents", afterEvents)));
    const contentLength =
      reply.contentLength === undefined ? undefined : units.reduce((n, u) => n + u.byteLength, 0);
    return withReply(reply, { kind: `fault.truncate(${reply.kind})`, units, contentLength });
  },

  /** Sends `reply`'s body `bytesPerTick` bytes every `tickMs` milliseconds. */
  slowDrip(reply: MockReply, options: SlowDripOptions): MockReply {
    if (!Number.isInteger(options.bytesPerTick) || options.bytesPerTick < 1)
      throw new RangeError("bytesPerTick must be an integer >= 1");
    if (!Number.isFinite(options.tickMs) || options.tickMs < 0)
      throw new RangeError("tickMs must be >= 0");
    return withReply(reply, {
      kind: `fault.slowDrip(${reply.kind})`,
      drip: Object.freeze({ ...options }),
    });
  },
});
