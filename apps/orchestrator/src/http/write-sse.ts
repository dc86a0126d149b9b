import type { ServerResponse } from "node:http";

/** SSE response headers; `X-Accel-Buffering` stops nginx-style proxies from holding events back. */
export const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-transform",
  connection: "keep-alive",
  "x-accel-buffering": "no",
} as const;

/**
 * Writes one chunk and, when the socket's buffer is full, waits for it to
 * drain (or for the client to go away), so a slow client applies
 * backpressure to the upstream instead of growing memory without bound.
 */
export function writeChunk(res: ServerResponse, chunk: string): Promise<void> | undefined {
  if (res.destroyed || res.writableEnded) return undefined;
  if (res.write(chunk)) return undefined;
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}
