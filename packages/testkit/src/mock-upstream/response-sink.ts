/**
 * One writer interface over HTTP/1.1 and HTTP/2 responses, so replies run the same on both. Internal.
 *
 * @module
 */
import type { ServerResponse } from "node:http";
import { type Http2ServerResponse, constants as h2constants } from "node:http2";

/** Minimal response writer used by the reply runner. */
export interface ResponseSink {
  /** True once the response or its connection closed (client gone, ended or destroyed). */
  readonly closed: boolean;
  writeHead(status: number, headers: Record<string, string>): void;
  flushHeaders(): void;
  /** Writes and waits until the bytes are flushed to the socket (or the response closed). */
  write(bytes: Uint8Array): Promise<void>;
  /** Ends the response and waits for it to finish (or close). */
  end(): Promise<void>;
  /** Kills the connection mid-response (HTTP/2: resets the stream). */
  destroy(): void;
  /** Kills the connection before any response byte, with a TCP RST where the platform allows it. */
  reset(): void;
}

// Connection-specific headers are forbidden in HTTP/2.
const H2_FORBIDDEN = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "upgrade",
]);

function waitFor(
  res: ServerResponse | Http2ServerResponse,
  start: (done: () => void) => void,
): Promise<void> {
  return new Promise<void>((resolve) => {
    let settled = false;
    const done = (): void => {
      if (settled) return;
      settled = true;
      res.off("close", done);
      resolve();
    };
    res.on("close", done);
    try {
      start(done);
    } catch {
      done();
    }
  });
}

/** Wraps an HTTP/1.1 response. */
export function http1Sink(res: ServerResponse): ResponseSink {
  return {
    get closed() {
      return res.closed || res.destroyed || (res.socket?.destroyed ?? true);
    },
    writeHead: (status, headers) => {
      res.writeHead(status, headers);
    },
    flushHeaders: () => res.flushHeaders(),
    write: (bytes) => waitFor(res, (done) => res.write(bytes, () => done())),
    end: () => waitFor(res, (done) => res.end(() => done())),
    destroy: () => {
      res.socket?.destroy();
    },
    reset: () => {
      const socket = res.socket;
      if (!socket) return;
      if (typeof socket.resetAndDestroy === "function") socket.resetAndDestroy();
      else socket.destroy();
    },
  };
}

/** Wraps an HTTP/2 (compatibility API) response. */
export function http2Sink(res: Http2ServerResponse): ResponseSink {
  return {
    get closed() {
      return res.stream.closed || res.stream.destroyed;
    },
    writeHead: (status, headers) => {
      const allowed: Record<string, string> = {};
      for (const [name, value] of Object.entries(headers))
        if (!H2_FORBIDDEN.has(name)) allowed[name] = value;
      res.writeHead(status, allowed);
    },
    // The compatibility API sends headers at writeHead() time already.
    flushHeaders: () => {},
    write: (bytes) => waitFor(res, (done) => res.write(bytes, () => done())),
    end: () => waitFor(res, (done) => res.end(() => done())),
    destroy: () => res.stream.close(h2constants.NGHTTP2_INTERNAL_ERROR),
    reset: () => res.stream.close(h2constants.NGHTTP2_INTERNAL_ERROR),
  };
}
