/**
 * Turns a {@link MockReply} into the exact sequence of writes the server performs. Pure.
 *
 * @module
 */
import { concatBytes } from "./reply-core.js";
import type { MockReply } from "./types.js";

/** One write of the body: wait `delayMs`, then write `bytes`. */
export interface PlannedWrite {
  readonly delayMs: number;
  readonly bytes: Uint8Array;
}

function chunkBytes(bytes: Uint8Array, size: number, delayMs: number): PlannedWrite[] {
  const out: PlannedWrite[] = [];
  for (let offset = 0; offset < bytes.byteLength; offset += size) {
    out.push({ delayMs: offset === 0 ? 0 : delayMs, bytes: bytes.subarray(offset, offset + size) });
  }
  return out;
}

/**
 * The writes of a reply's body: one per unit with `delayMs` between them, or fixed-size pieces
 * with `splitEvery`/`drip`, stopping after `cutAfterBytes` bytes when set. Empty writes are dropped.
 */
export function planWrites(reply: MockReply): PlannedWrite[] {
  const limit = reply.cutAfterBytes ?? Number.POSITIVE_INFINITY;
  if (reply.drip || reply.splitEvery !== undefined) {
    let body = concatBytes(reply.units);
    if (body.byteLength > limit) body = body.subarray(0, limit);
    return reply.drip
      ? chunkBytes(body, reply.drip.bytesPerTick, reply.drip.tickMs)
      : chunkBytes(body, reply.splitEvery ?? body.byteLength, reply.delayMs);
  }
  const out: PlannedWrite[] = [];
  let written = 0;
  for (const unit of reply.units) {
    if (written >= limit) break;
    const bytes = unit.byteLength > limit - written ? unit.subarray(0, limit - written) : unit;
    written += bytes.byteLength;
    if (bytes.byteLength === 0) continue;
    out.push({ delayMs: out.length === 0 ? 0 : reply.delayMs, bytes });
  }
  return out;
}
