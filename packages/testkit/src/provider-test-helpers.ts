/**
 * Small helpers that provider packages' tests share: reading a stream,
 * catching a rejection, reading what the mock upstream received.
 *
 * @module
 */
import type { ChatStreamEvent } from "@oss-ai-agent-tool/core";
import type { MockUpstream } from "./mock-upstream/index.js";

/**
 * Reads an async iterable to its end and returns every item, in order.
 * `undefined` reads as an empty stream, so an optional method can be passed
 * as it is: `collectEvents(provider.stream?.(req))`. A stream that throws
 * rejects with its error.
 */
export async function collectEvents<T>(stream: AsyncIterable<T> | undefined): Promise<T[]> {
  const events: T[] = [];
  for await (const event of stream ?? []) events.push(event);
  return events;
}

/** What {@link drainEvents} and {@link collectUntilError} return. */
export interface DrainedStream<T> {
  /** The items that arrived before the stream ended or failed. */
  events: T[];
  /** What the stream threw; `undefined` when it ended cleanly. */
  error: unknown;
}

async function drain<T>(
  stream: AsyncIterable<T> | undefined,
): Promise<DrainedStream<T> & { ended: boolean }> {
  const events: T[] = [];
  try {
    for await (const event of stream ?? []) events.push(event);
  } catch (error) {
    return { events, error, ended: false };
  }
  return { events, error: undefined, ended: true };
}

/**
 * Reads a stream to its end or its first error, keeping what arrived before
 * the error. Never rejects: `error` is `undefined` when the stream ended
 * cleanly. `undefined` reads as an empty stream.
 */
export async function drainEvents<T>(
  stream: AsyncIterable<T> | undefined,
): Promise<DrainedStream<T>> {
  const { events, error } = await drain(stream);
  return { events, error };
}

/**
 * Reads a stream that must fail: returns the items that arrived before the
 * error, and the error. Rejects when the stream ends without one.
 */
export async function collectUntilError<T>(
  stream: AsyncIterable<T> | undefined,
): Promise<DrainedStream<T>> {
  const { events, error, ended } = await drain(stream);
  if (ended) throw new Error(`expected the stream to fail; it ended after ${events.length} events`);
  return { events, error };
}

/**
 * What a promise rejects with. Rejects when the promise resolves instead (or
 * is `undefined`, as an optional method's call is when the method is absent),
 * so `expect(await rejectionOf(provider.chat(req))).toMatchObject(...)`
 * cannot pass by accident.
 */
export async function rejectionOf(promise: Promise<unknown> | undefined): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

/**
 * The JSON body of the `index`-th request (default the first) a mock
 * upstream received. Takes the upstream, or anything that carries one such
 * as a `Harness`. Throws when no such request arrived or its body is
 * not JSON.
 */
export function requestBody(
  source: MockUpstream | { readonly upstream: MockUpstream },
  index = 0,
): Record<string, unknown> {
  const upstream = "upstream" in source ? source.upstream : source;
  const request = upstream.requests[index];
  if (!request) throw new Error(`no request #${index} reached the upstream`);
  return request.json() as Record<string, unknown>;
}

/** The `text-delta` events of a stream, joined: the reply text it streamed. */
export function textOf(events: readonly ChatStreamEvent[]): string {
  return events.flatMap((e) => (e.type === "text-delta" ? [e.delta] : [])).join("");
}

/** The `reasoning-delta` events of a stream, joined: the reasoning text it streamed. */
export function reasoningOf(events: readonly ChatStreamEvent[]): string {
  return events.flatMap((e) => (e.type === "reasoning-delta" ? [e.delta] : [])).join("");
}
