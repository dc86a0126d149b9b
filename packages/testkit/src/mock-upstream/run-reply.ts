/**
 * Executes a {@link MockReply} on a response: timing, writes, and how the connection ends. Internal.
 *
 * @module
 */
import type { ResponseSink } from "./response-sink.js";
import type { TimerRegistry } from "./timers.js";
import type { MockReply } from "./types.js";
import { planWrites } from "./write-plan.js";

/** How a run finished, so the server can tell client aborts from its own resets. */
export type RunOutcome = "ended" | "destroyed" | "hanging" | "interrupted";

/** Runs `reply` on `sink`; stops early (returns `"interrupted"`) when `signal` aborts or a timer is cleared. */
export async function runReply(
  reply: MockReply,
  sink: ResponseSink,
  timers: TimerRegistry,
  signal: AbortSignal,
): Promise<RunOutcome> {
  if (reply.firstByteDelayMs > 0 && !(await timers.sleep(reply.firstByteDelayMs, signal)))
    return "interrupted";
  if (signal.aborted || sink.closed) return "interrupted";
  if (!reply.sendHeaders) {
    if (reply.ending === "destroy") {
      sink.reset();
      return "destroyed";
    }
    return reply.ending === "hang" ? "hanging" : "interrupted";
  }
  const headers: Record<string, string> = { ...reply.headers };
  if (reply.contentLength !== undefined) headers["content-length"] = String(reply.contentLength);
  sink.writeHead(reply.status, headers);
  const writes = planWrites(reply);
  if (writes.length === 0 || writes[0]?.delayMs !== 0) sink.flushHeaders();
  for (const write of writes) {
    if (write.delayMs > 0 && !(await timers.sleep(write.delayMs, signal))) return "interrupted";
    if (signal.aborted || sink.closed) return "interrupted";
    await sink.write(write.bytes);
  }
  if (signal.aborted || sink.closed) return "interrupted";
  switch (reply.ending) {
    case "end":
      await sink.end();
      return "ended";
    case "destroy":
      sink.destroy();
      return "destroyed";
    case "hang":
      sink.flushHeaders();
      return "hanging";
  }
}
