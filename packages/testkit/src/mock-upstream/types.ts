/**
 * Shared types of the mock upstream: recorded requests, reply descriptions and routes.
 *
 * @module
 */

/** A request the mock upstream received, recorded after its body was read in full. */
export interface RecordedRequest {
  /** Upper-case HTTP method, e.g. `"POST"`. */
  readonly method: string;
  /** Path without the query string, exactly as sent (percent-encoding kept), e.g. `/model/a%3A0/converse-stream`. */
  readonly path: string;
  /** Query parameters; when a name repeats, the last value wins. */
  readonly query: Readonly<Record<string, string>>;
  /** Request headers with lower-cased names; repeated headers are joined with `", "`. HTTP/2 pseudo-headers are dropped. */
  readonly headers: Readonly<Record<string, string>>;
  /** `"1.1"` for HTTP/1.x, `"2.0"` for HTTP/2 (cleartext, prior knowledge). */
  readonly httpVersion: string;
  /** The request body decoded as UTF-8 (`""` when there was none). */
  readonly body: string;
  /** The raw request body bytes. */
  readonly bodyBytes: Uint8Array;
  /** Parses {@link RecordedRequest.body} as JSON; throws a descriptive error when it is not JSON. */
  json(): unknown;
}

/** How a reply's connection ends once its bytes are written. */
export type ReplyEnding = "end" | "destroy" | "hang";

/**
 * A complete, immutable description of one HTTP reply: pure data, built ahead of time by the
 * reply builders (`json`, `sse`, `ndjson`, `awsEventStream`, `raw`) and transformed by `fault.*`.
 * One reply object may serve any number of requests.
 */
export interface MockReply {
  /** What built the reply, e.g. `"sse"` or `"fault.resetAfter(sse)"`; used in error messages only. */
  readonly kind: string;
  /** HTTP status code. */
  readonly status: number;
  /** Response headers (lower-cased names). */
  readonly headers: Readonly<Record<string, string>>;
  /** Logical units of the body in order: one SSE frame, NDJSON line, event-stream message or raw chunk each. */
  readonly units: readonly Uint8Array[];
  /** `content-length` to announce; `undefined` streams the body with chunked transfer encoding (HTTP/1.1). */
  readonly contentLength: number | undefined;
  /** Milliseconds to wait before sending anything (status line included). */
  readonly firstByteDelayMs: number;
  /** Milliseconds to wait between two consecutive writes. */
  readonly delayMs: number;
  /** When set, the encoded body is written in pieces of this many bytes, ignoring unit boundaries. */
  readonly splitEvery: number | undefined;
  /** When set, the body is dripped `bytesPerTick` bytes every `tickMs` milliseconds (overrides `splitEvery`/`delayMs`). */
  readonly drip: { readonly bytesPerTick: number; readonly tickMs: number } | undefined;
  /** When set, at most this many body bytes are written before {@link MockReply.ending} applies. */
  readonly cutAfterBytes: number | undefined;
  /** `false` sends no status line at all (the fault happens before the response starts). */
  readonly sendHeaders: boolean;
  /** `"end"` finishes cleanly, `"destroy"` kills the connection (HTTP/2: resets the stream), `"hang"` stays silent until the client leaves or the mock closes. */
  readonly ending: ReplyEnding;
}

/** Computes a reply for one request; may be async. */
export type ReplyFactory = (request: RecordedRequest) => MockReply | Promise<MockReply>;

/** What a route answers with: a fixed reply or a factory called per request. */
export type ReplySource = MockReply | ReplyFactory;

/**
 * Selects requests for a route: an exact path (query ignored), a RegExp tested against the path
 * (query excluded), or a predicate over the recorded request.
 */
export type RouteMatcher = string | RegExp | ((request: RecordedRequest) => boolean);

/** Options shared by reply builders that can set status and extra headers. */
export interface ReplyBaseOptions {
  /** HTTP status; defaults to 200. */
  status?: number;
  /** Extra response headers; they override the builder's defaults (names are lower-cased). */
  headers?: Record<string, string>;
}

/** Timing options shared by the streaming reply builders. */
export interface StreamTimingOptions {
  /** Milliseconds between two writes (between frames, or between `splitEvery` pieces). Default 0. */
  delayMs?: number;
  /** Milliseconds before anything is sent, status line included. Default 0. */
  firstByteDelayMs?: number;
  /** Write the encoded body in pieces of this many bytes, across frame and UTF-8 character boundaries. */
  splitEvery?: number;
}
