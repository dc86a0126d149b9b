/**
 * Internal helpers the reply builders share. Not part of the public API.
 *
 * @module
 */
import type { MockReply, ReplyBaseOptions, StreamTimingOptions } from "./types.js";

const encoder = new TextEncoder();

/** UTF-8 encodes a string; passes bytes through. */
export function toBytes(value: Uint8Array | string): Uint8Array {
  return typeof value === "string" ? encoder.encode(value) : value;
}

/** Concatenates byte arrays. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const part of parts) total += part.byteLength;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

/** Lower-cases header names; later entries win. */
export function normalizeHeaders(
  ...sources: ReadonlyArray<Readonly<Record<string, string>> | undefined>
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const source of sources) {
    if (!source) continue;
    for (const [name, value] of Object.entries(source)) out[name.toLowerCase()] = value;
  }
  return out;
}

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!Number.isFinite(v) || v < 0)
    throw new RangeError(`${name} must be a finite number >= 0, got ${String(value)}`);
  return v;
}

function positiveInt(name: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`${name} must be an integer >= 1, got ${String(value)}`);
  return value;
}

/** Everything {@link makeReply} needs; unspecified fields take the defaults of a clean 200 reply. */
export interface MakeReplyInput extends ReplyBaseOptions, StreamTimingOptions {
  kind: string;
  units: readonly Uint8Array[];
  defaultHeaders: Record<string, string>;
  /** Announce a content-length (non-streamed bodies). */
  fixedLength?: boolean;
}

/** Builds a frozen {@link MockReply}, validating numeric options. */
export function makeReply(input: MakeReplyInput): MockReply {
  const units = Object.freeze(input.units.slice());
  const status = input.status ?? 200;
  if (!Number.isInteger(status) || status < 100 || status > 999)
    throw new RangeError(`status must be an HTTP status code, got ${status}`);
  let contentLength: number | undefined;
  if (input.fixedLength) {
    contentLength = 0;
    for (const unit of units) contentLength += unit.byteLength;
  }
  return Object.freeze({
    kind: input.kind,
    status,
    headers: Object.freeze(normalizeHeaders(input.defaultHeaders, input.headers)),
    units,
    contentLength,
    firstByteDelayMs: nonNegative("firstByteDelayMs", input.firstByteDelayMs, 0),
    delayMs: nonNegative("delayMs", input.delayMs, 0),
    splitEvery: positiveInt("splitEvery", input.splitEvery),
    drip: undefined,
    cutAfterBytes: undefined,
    sendHeaders: true,
    ending: "end" as const,
  });
}

/** Returns a frozen copy of `reply` with some fields replaced. */
export function withReply(reply: MockReply, changes: Partial<MockReply>): MockReply {
  return Object.freeze({ ...reply, ...changes });
}
