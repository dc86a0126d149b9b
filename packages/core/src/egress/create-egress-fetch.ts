import type { LookupFunction } from "node:net";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream";
import { createBrotliDecompress, createGunzip, createInflate, constants as zlib } from "node:zlib";
import { Agent, type Dispatcher } from "undici";
import { isEgressBlockedError } from "./egress-blocked-error.js";
import type { EgressPolicy } from "./egress-policy.js";
import { createGuardedLookup } from "./guarded-lookup.js";
import { nodeBodyToWebStream } from "./node-body-to-web-stream.js";
import { type FetchBody, type PreparedBody, prepareRequestBody } from "./prepare-request-body.js";

/** Options of {@link createEgressFetch}. */
export interface EgressFetchOptions {
  /**
   * Sends requests through this dispatcher instead of an Agent owned by the
   * egress fetch. The connect-time DNS check is then the dispatcher's
   * business: build it with {@link createGuardedLookup} as `connect.lookup`.
   * `close()` leaves a passed dispatcher open.
   */
  dispatcher?: Dispatcher;
  /** Redirects followed before failing. Defaults to 20, as in fetch. */
  maxRedirects?: number;
  /** TCP/TLS connect timeout. Defaults to undici's (10 s). */
  connectTimeoutMs?: number;
  /**
   * Backstop for a silent socket: the longest wait for response headers, and
   * between two body chunks. Defaults to 10 minutes, the official SDKs' own
   * request timeout.
   */
  socketTimeoutMs?: number;
  /** How long an idle keep-alive socket is kept. Defaults to undici's (4 s). */
  keepAliveTimeoutMs?: number;
  /**
   * The DNS lookup the guarded lookup wraps. Defaults to `dns.lookup`; tests
   * pass one that maps names to 127.0.0.1.
   */
  lookup?: LookupFunction;
}

/** A `fetch` bound to one provider's egress policy, with the means to release its sockets. */
export type EgressFetch = typeof globalThis.fetch & {
  /** The dispatcher requests go through. */
  readonly dispatcher: Dispatcher;
  /** Closes the Agent this fetch created (not a passed `dispatcher`); waits for in-flight requests. Idempotent. */
  close(): Promise<void>;
};

const DEFAULT_MAX_REDIRECTS = 20;
const DEFAULT_SOCKET_TIMEOUT_MS = 600_000;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);
const NORMALIZED_METHODS = new Set(["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"]);
const FORBIDDEN_METHODS = new Set(["CONNECT", "TRACE", "TRACK"]);
// Credentials a provider SDK sends; never forwarded to another origin.
const CROSS_ORIGIN_DROPPED = [
  "authorization",
  "proxy-authorization",
  "x-api-key",
  "api-key",
  "x-goog-api-key",
  "x-amz-security-token",
  "cookie",
];
const BODY_HEADERS = [
  "content-type",
  "content-length",
  "content-encoding",
  "content-language",
  "content-location",
];
// Flush every deflate block so compressed SSE still arrives event by event.
const STREAMING_ZLIB = { flush: zlib.Z_SYNC_FLUSH, finishFlush: zlib.Z_SYNC_FLUSH };

interface HopRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: PreparedBody;
}

/**
 * Builds a `fetch` for one provider that every official SDK accepts
 * (`new OpenAI({ fetch })`), with the egress policy applied to the first
 * request and to every redirect hop, and to every address a hostname
 * resolves to (through the Agent's guarded DNS lookup).
 *
 * Built on undici's dispatcher API rather than on fetch: the openai SDK
 * spends roughly half the CPU per call this way. Response bodies stream as
 * they arrive (SSE included), with backpressure; `signal` aborts the request
 * and its body. Redirects are followed here, not by undici, so that each hop
 * is checked: 303 (and 301/302 after a POST) becomes a GET without a body,
 * 307/308 resend a replayable body, credentials are dropped on a
 * cross-origin hop.
 */
export function createEgressFetch(
  policy: EgressPolicy,
  providerId: string,
  options: EgressFetchOptions = {},
): EgressFetch {
  const ownAgent =
    options.dispatcher === undefined
      ? new Agent({
          connect: {
            lookup: createGuardedLookup(policy, providerId, options.lookup),
            ...(options.connectTimeoutMs !== undefined
              ? { timeout: options.connectTimeoutMs }
              : {}),
          },
          ...(options.keepAliveTimeoutMs !== undefined
            ? { keepAliveTimeout: options.keepAliveTimeoutMs }
            : {}),
          // undici's 300 s defaults would cut off a long non-streamed reasoning call;
          // the provider's own timeouts bound each call, so these are only a backstop.
          headersTimeout: options.socketTimeoutMs ?? DEFAULT_SOCKET_TIMEOUT_MS,
          bodyTimeout: options.socketTimeoutMs ?? DEFAULT_SOCKET_TIMEOUT_MS,
        })
      : undefined;
  const dispatcher: Dispatcher = options.dispatcher ?? (ownAgent as Agent);
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;

  async function egressFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    const request = typeof input === "string" || input instanceof URL ? undefined : input;
    const signal = init?.signal ?? request?.signal ?? undefined;
    signal?.throwIfAborted();
    const redirect = init?.redirect ?? request?.redirect ?? "follow";
    let hop = await prepareFirstHop(input, request, init);
    let redirected = false;

    for (let count = 0; ; count++) {
      policy.assertAllowed(hop.url, providerId);
      const res = await send(hop, signal);
      const location = REDIRECT_STATUSES.has(res.statusCode)
        ? firstHeader(res.headers.location)
        : undefined;
      if (location === undefined || redirect === "manual") return toResponse(res, hop, redirected);

      discard(res.body);
      if (redirect === "error")
        throw new TypeError(
          `fetch failed: redirect to ${safeLocation(location)} with redirect: "error"`,
        );
      if (count >= maxRedirects)
        throw new TypeError(`fetch failed: more than ${maxRedirects} redirects`);
      hop = nextHop(hop, res.statusCode, location);
      redirected = true;
    }
  }

  async function send(
    hop: HopRequest,
    signal: AbortSignal | undefined,
  ): Promise<Dispatcher.ResponseData> {
    try {
      return await dispatcher.request({
        origin: hop.url.origin,
        path: hop.url.pathname + hop.url.search,
        method: hop.method as Dispatcher.HttpMethod,
        headers: hop.headers,
        body: hop.body.data,
        signal: signal ?? null,
      });
    } catch (err) {
      // The guarded lookup's refusal reaches here as the very error it threw;
      // keep it, so callers see a 403 egress_blocked rather than a socket error.
      if (isEgressBlockedError(err)) throw err;
      if (signal?.aborted) throw signal.reason;
      throw new TypeError("fetch failed", { cause: err });
    }
  }

  let closing: Promise<void> | undefined;
  const fetchWithClose = Object.assign(egressFetch, {
    dispatcher,
    // Idempotent: the orchestrator and a test's afterEach may both close.
    close: (): Promise<void> => (closing ??= ownAgent?.close() ?? Promise.resolve()),
  });
  return fetchWithClose as EgressFetch;
}

async function prepareFirstHop(
  input: string | URL | Request,
  request: Request | undefined,
  init: RequestInit | undefined,
): Promise<HopRequest> {
  const url = new URL(
    request ? request.url : input instanceof URL ? input.href : (input as string),
  );
  if (url.username !== "" || url.password !== "") {
    throw new TypeError("Request cannot be constructed from a URL that includes credentials");
  }
  const method = normalizeMethod(init?.method ?? request?.method ?? "GET");
  const headers = toHeaderRecord(init?.headers ?? request?.headers);
  const rawBody: FetchBody | null | undefined =
    init?.body !== undefined ? init.body : (request?.body as FetchBody | null | undefined);
  if (rawBody !== null && rawBody !== undefined && (method === "GET" || method === "HEAD")) {
    throw new TypeError("Request with GET/HEAD method cannot have body.");
  }
  const body = await prepareRequestBody(rawBody);
  if (body.contentType !== undefined && headers["content-type"] === undefined) {
    headers["content-type"] = body.contentType;
  }
  return { url, method, headers, body };
}

function normalizeMethod(method: string): string {
  const upper = method.toUpperCase();
  if (FORBIDDEN_METHODS.has(upper)) throw new TypeError(`'${method}' HTTP method is unsupported.`);
  return NORMALIZED_METHODS.has(upper) ? upper : method;
}

// A plain object with lower-case names is what undici parses fastest; values
// of repeated names are joined as Headers would join them.
function toHeaderRecord(
  init: RequestInit["headers"] | Headers | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  if (init === undefined) return out;
  const add = (name: string, value: string): void => {
    const key = name.toLowerCase();
    const prior = out[key];
    out[key] = prior === undefined ? value : `${prior}, ${value}`;
  };
  if (init instanceof Headers) {
    init.forEach((value, name) => {
      add(name, value);
    });
  } else if (Array.isArray(init)) {
    for (const pair of init) {
      if (pair.length !== 2) throw new TypeError("Header pairs must contain exactly two items");
      add(String(pair[0]), String(pair[1]));
    }
  } else {
    for (const [name, value] of Object.entries(
      init as Record<string, string | readonly string[] | undefined>,
    )) {
      if (value === undefined) continue;
      if (typeof value === "string") add(name, value);
      else for (const item of value) add(name, item);
    }
  }
  return out;
}

function nextHop(hop: HopRequest, status: number, location: string): HopRequest {
  let url: URL;
  try {
    url = new URL(location, hop.url);
  } catch {
    throw new TypeError(`fetch failed: invalid redirect location ${safeLocation(location)}`);
  }
  const headers = { ...hop.headers };
  let { method, body } = hop;
  if (
    (status === 303 && method !== "GET" && method !== "HEAD") ||
    ((status === 301 || status === 302) && method === "POST")
  ) {
    method = "GET";
    body = { data: null, replayable: true, contentType: undefined };
    for (const name of BODY_HEADERS) delete headers[name];
  } else if (body.data !== null && !body.replayable) {
    throw new TypeError(
      "fetch failed: cannot follow a redirect that resends a streamed request body",
    );
  }
  if (url.origin !== hop.url.origin) {
    for (const name of CROSS_ORIGIN_DROPPED) delete headers[name];
  }
  return { url, method, headers, body };
}

function toResponse(res: Dispatcher.ResponseData, hop: HopRequest, redirected: boolean): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(res.headers)) {
    if (value === undefined) continue;
    if (typeof value === "string") headers.append(name, value);
    else for (const item of value) headers.append(name, item);
  }
  let body: ReadableStream<Uint8Array> | null = null;
  if (hop.method === "HEAD" || NULL_BODY_STATUSES.has(res.statusCode)) {
    discard(res.body);
  } else {
    body = nodeBodyToWebStream(decode(res.body, headers.get("content-encoding")));
  }
  const response = new Response(body, {
    status: res.statusCode,
    statusText: res.statusText ?? "",
    headers,
  });
  // Response's constructor cannot set these; SDKs read `url` in error messages.
  Object.defineProperty(response, "url", { value: hop.url.href });
  if (redirected) Object.defineProperty(response, "redirected", { value: true });
  return response;
}

// fetch decodes content-encoding transparently and callers rely on it; the
// dispatcher API does not, so do it here, streaming.
function decode(body: Readable, encoding: string | null): Readable {
  const coding = encoding?.trim().toLowerCase();
  const decoder =
    coding === "gzip" || coding === "x-gzip"
      ? createGunzip(STREAMING_ZLIB)
      : coding === "deflate"
        ? createInflate(STREAMING_ZLIB)
        : coding === "br"
          ? createBrotliDecompress({
              flush: zlib.BROTLI_OPERATION_FLUSH,
              finishFlush: zlib.BROTLI_OPERATION_FLUSH,
            })
          : undefined;
  if (decoder === undefined) return body;
  // pipeline destroys the undici body when the decoder is destroyed (cancel).
  return pipeline(body, decoder, () => {});
}

function discard(body: Dispatcher.ResponseData["body"]): void {
  // Reading the rest lets undici reuse the connection; errors are moot here.
  body.dump().catch(() => {});
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

// The location may carry a signed query string; name only where it points.
function safeLocation(location: string): string {
  const end = location.search(/[?#]/);
  return end === -1 ? location : location.slice(0, end);
}
