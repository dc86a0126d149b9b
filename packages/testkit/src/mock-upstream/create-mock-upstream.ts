/**
 * `createMockUpstream()`: a local HTTP server on 127.0.0.1 that answers with real provider wire
 * formats, so official SDKs can be tested over real HTTP.
 *
 * @module
 */
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import http2, {
  type Http2ServerRequest,
  type Http2ServerResponse,
  type Http2Session,
} from "node:http2";
import net from "node:net";
import { json } from "./json.js";
import { recordRequest } from "./recorded-request.js";
import { http1Sink, http2Sink, type ResponseSink } from "./response-sink.js";
import { RouteTable } from "./routes.js";
import { runReply } from "./run-reply.js";
import { TimerRegistry } from "./timers.js";
import type { MockReply, RecordedRequest, ReplySource, RouteMatcher } from "./types.js";

/** A running mock upstream. Always `close()` it (e.g. in `afterEach`). */
export interface MockUpstream {
  /** Base URL without trailing slash, e.g. `http://127.0.0.1:43123`. */
  readonly url: string;
  /** The port the server listens on. */
  readonly port: number;
  /** The listening socket server (check `server.listening` after `close()`). */
  readonly server: net.Server;
  /** Every request received, in arrival order (recorded once its body was read). */
  readonly requests: readonly RecordedRequest[];
  /** Requests whose client went away before the reply finished (hangs included; server-side resets excluded). */
  readonly abortedRequests: number;
  /** Timers the mock currently has scheduled (0 after `close()`). */
  readonly pendingTimers: number;
  /** Open client connections (0 after `close()`). */
  readonly openConnections: number;
  /** One-shot replies registered with `once()` and not yet used. */
  readonly pendingOnce: number;
  /**
   * Adds a persistent route. Method is case-insensitive, `"*"` matches any. When several
   * persistent routes match, the most recently added wins (so a test can override a default).
   */
  on(method: string, matcher: RouteMatcher, reply: ReplySource): MockUpstream;
  /** Queues a one-shot reply: tried before persistent routes, first-in first-out, used once. */
  once(method: string, matcher: RouteMatcher, reply: ReplySource): MockUpstream;
  /**
   * Resolves when `condition` holds (polled every 5 ms); rejects after
   * `timeoutMs` (default 10 000) or on `close()`. The default is generous
   * because it only matters when the condition never holds: on a loaded CI
   * machine an abort can take seconds to cross the loopback.
   */
  waitUntil(condition: (upstream: MockUpstream) => boolean, timeoutMs?: number): Promise<void>;
  /** Resolves once `abortedRequests >= count` (default 1); rejects after `timeoutMs` (default 10 000). */
  waitForAbortedRequests(count?: number, timeoutMs?: number): Promise<void>;
  /** Forgets routes, one-shot replies, recorded requests and the abort counter. Open streams continue. */
  reset(): void;
  /** Destroys every socket, clears every timer and stops listening. Idempotent. */
  close(): Promise<void>;
}

/** Options of {@link createMockUpstream}. */
export interface MockUpstreamOptions {
  /** Port to listen on; default 0 (a free port). The host is always 127.0.0.1. */
  port?: number;
}

interface InFlight {
  readonly controller: AbortController;
  finished: boolean;
  serverEnded: boolean;
}

const PREFACE = "PRI";

function noRoute(request: RecordedRequest): MockReply {
  return json(
    {
      error: {
        message: `mock upstream: no route for ${request.method} ${request.path}`,
        type: "mock_upstream_no_route",
        method: request.method,
        path: request.path,
      },
    },
    { status: 404 },
  );
}

function factoryError(request: RecordedRequest, error: unknown): MockReply {
  const message = error instanceof Error ? error.message : String(error);
  return json(
    {
      error: {
        message: `mock upstream: reply factory for ${request.method} ${request.path} threw: ${message}`,
        type: "mock_upstream_factory_error",
      },
    },
    { status: 500 },
  );
}

async function readBody(req: IncomingMessage | Http2ServerRequest): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of req)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  const body = Buffer.concat(chunks);
  return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
}

const ignore = (): void => {};

/**
 * Starts a mock upstream on 127.0.0.1 (a free port by default). It speaks HTTP/1.1 and, on the
 * same port, cleartext HTTP/2 with prior knowledge (the AWS SDK's Bedrock runtime client defaults
 * to an HTTP/2 handler).
 *
 * @example
 * const upstream = await createMockUpstream();
 * upstream.once("POST", "/v1/chat/completions", fault.status(429, { headers: { "retry-after-ms": "10" } }));
 * upstream.on("POST", "/v1/chat/completions", json({ ... }));
 * // ... point an SDK at `${upstream.url}/v1`
 * await upstream.close();
 */
export async function createMockUpstream(options: MockUpstreamOptions = {}): Promise<MockUpstream> {
  const routes = new RouteTable();
  const timers = new TimerRegistry();
  const sockets = new Set<net.Socket>();
  const sessions = new Set<Http2Session>();
  const inFlight = new Set<InFlight>();
  let requests: RecordedRequest[] = [];
  let aborted = 0;
  let closing = false;
  let closePromise: Promise<void> | undefined;

  async function handle(
    req: IncomingMessage | Http2ServerRequest,
    res: ServerResponse | Http2ServerResponse,
    rawSink: ResponseSink,
    httpVersion: string,
  ): Promise<void> {
    const state: InFlight = {
      controller: new AbortController(),
      finished: false,
      serverEnded: false,
    };
    inFlight.add(state);
    res.on("finish", () => {
      state.finished = true;
    });
    res.on("close", () => {
      if (!state.finished && !state.serverEnded && !closing) aborted += 1;
      state.controller.abort();
      inFlight.delete(state);
    });
    const sink: ResponseSink = {
      get closed() {
        return rawSink.closed;
      },
      writeHead: (status, headers) => rawSink.writeHead(status, headers),
      flushHeaders: () => rawSink.flushHeaders(),
      write: (bytes) => rawSink.write(bytes),
      end: () => rawSink.end(),
      destroy: () => {
        state.serverEnded = true;
        rawSink.destroy();
      },
      reset: () => {
        state.serverEnded = true;
        rawSink.reset();
      },
    };
    let body: Uint8Array;
    try {
      body = await readBody(req);
    } catch {
      return; // the client went away mid-upload; 'close' accounts for it
    }
    if (closing || state.controller.signal.aborted) return;
    const recorded = recordRequest({
      method: req.method ?? "GET",
      target: req.url ?? "/",
      headers: req.headers,
      httpVersion,
      body,
    });
    requests.push(recorded);
    let reply: MockReply;
    try {
      const source = routes.take(recorded);
      reply =
        source === undefined
          ? noRoute(recorded)
          : typeof source === "function"
            ? await source(recorded)
            : source;
    } catch (error) {
      reply = factoryError(recorded, error);
    }
    await runReply(reply, sink, timers, state.controller.signal);
  }

  const h1 = http.createServer((req, res) => {
    req.on("error", ignore);
    res.on("error", ignore);
    void handle(req, res, http1Sink(res), "1.1").catch(ignore);
  });
  h1.on("clientError", (_error, socket) => socket.destroy());

  const h2 = http2.createServer((req, res) => {
    req.on("error", ignore);
    res.on("error", ignore);
    res.stream.on("error", ignore);
    void handle(req, res, http2Sink(res), "2.0").catch(ignore);
  });
  h2.on("session", (session) => {
    sessions.add(session);
    session.on("error", ignore);
    session.on("close", () => sessions.delete(session));
  });
  h2.on("sessionError", ignore);

  // Sniff the first bytes: an HTTP/2 connection preface starts with "PRI", everything else is HTTP/1.x.
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("error", ignore);
    socket.on("close", () => sockets.delete(socket));
    if (closing) {
      socket.destroy();
      return;
    }
    let buffered = Buffer.alloc(0);
    const onReadable = (): void => {
      for (
        let chunk = socket.read() as Buffer | null;
        chunk !== null;
        chunk = socket.read() as Buffer | null
      ) {
        buffered = Buffer.concat([buffered, chunk]);
      }
      if (buffered.byteLength < PREFACE.length && !socket.readableEnded) return;
      socket.off("readable", onReadable);
      socket.off("end", onReadable);
      if (buffered.byteLength === 0) {
        socket.destroy();
        return;
      }
      socket.unshift(buffered);
      const target = buffered.subarray(0, PREFACE.length).toString("latin1") === PREFACE ? h2 : h1;
      target.emit("connection", socket);
    };
    socket.on("readable", onReadable);
    socket.on("end", onReadable);
  });
  server.on("error", ignore);

  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once("error", onError);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", onError);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === "string")
    throw new Error("mock upstream: unexpected server address");
  const port = address.port;

  const upstream: MockUpstream = {
    url: `http://127.0.0.1:${port}`,
    port,
    server,
    get requests() {
      return requests;
    },
    get abortedRequests() {
      return aborted;
    },
    get pendingTimers() {
      return timers.pending;
    },
    get openConnections() {
      return sockets.size;
    },
    get pendingOnce() {
      return routes.pendingOnce;
    },
    on(method, matcher, reply) {
      routes.add(method, matcher, reply, false);
      return upstream;
    },
    once(method, matcher, reply) {
      routes.add(method, matcher, reply, true);
      return upstream;
    },
    async waitUntil(condition, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!condition(upstream)) {
        if (closing) throw new Error("mock upstream: closed while waiting");
        if (Date.now() >= deadline)
          throw new Error(`mock upstream: condition not met within ${timeoutMs} ms`);
        await timers.sleep(5);
      }
    },
    async waitForAbortedRequests(count = 1, timeoutMs = 10_000) {
      await upstream
        .waitUntil((u) => u.abortedRequests >= count, timeoutMs)
        .catch((error: unknown) => {
          throw new Error(
            `mock upstream: expected ${count} aborted request(s), saw ${aborted} (${(error as Error).message})`,
          );
        });
    },
    reset() {
      routes.clear();
      requests = [];
      aborted = 0;
    },
    close() {
      closePromise ??= (async () => {
        closing = true;
        timers.clearAll();
        for (const state of inFlight) state.controller.abort();
        for (const session of sessions) session.destroy();
        const socketsClosed = [...sockets].map(
          (socket) =>
            new Promise<void>((resolve) =>
              socket.closed ? resolve() : socket.once("close", () => resolve()),
            ),
        );
        for (const socket of sockets) socket.destroy();
        await Promise.all([
          ...socketsClosed,
          new Promise<void>((resolve) => server.close(() => resolve())),
        ]);
        timers.clearAll();
      })();
      return closePromise;
    },
  };
  return upstream;
}
