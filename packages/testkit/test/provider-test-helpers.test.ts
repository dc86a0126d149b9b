import type { ChatStreamEvent } from "@oss-ai-agent-tool/core";
import { describe, expect, it } from "vitest";
import { json } from "../src/mock-upstream/index.js";
import {
  collectEvents,
  collectUntilError,
  drainEvents,
  reasoningOf,
  rejectionOf,
  requestBody,
  textOf,
} from "../src/provider-test-helpers.js";
import { settingsSchemaShape } from "../src/settings-schema-shape.js";
import { useMockUpstream } from "./mock-upstream/helpers.js";

async function* items<T>(values: readonly T[], failure?: Error): AsyncGenerator<T> {
  for (const value of values) yield value;
  if (failure) throw failure;
}

const boom = new Error("boom");

describe("stream helpers", () => {
  it("collectEvents reads to the end; undefined is an empty stream; a failure rejects", async () => {
    expect(await collectEvents(items([1, 2, 3]))).toEqual([1, 2, 3]);
    expect(await collectEvents(undefined)).toEqual([]);
    await expect(collectEvents(items([1], boom))).rejects.toBe(boom);
  });

  it("drainEvents keeps what arrived before an error, and never rejects", async () => {
    expect(await drainEvents(items(["a", "b"], boom))).toEqual({ events: ["a", "b"], error: boom });
    expect(await drainEvents(items(["a"]))).toEqual({ events: ["a"], error: undefined });
    expect(await drainEvents(undefined)).toEqual({ events: [], error: undefined });
  });

  it("collectUntilError returns the error, and rejects when the stream ends", async () => {
    expect(await collectUntilError(items([1], boom))).toEqual({ events: [1], error: boom });
    await expect(collectUntilError(items([1, 2]))).rejects.toThrow(/ended after 2 events/);
  });

  it("textOf and reasoningOf join their deltas", () => {
    const events: ChatStreamEvent[] = [
      { type: "reasoning-delta", delta: "Think" },
      { type: "text-delta", delta: "Hel" },
      { type: "reasoning-delta", delta: "ing." },
      { type: "text-delta", delta: "lo." },
    ];
    expect(textOf(events)).toBe("Hello.");
    expect(reasoningOf(events)).toBe("Thinking.");
  });
});

describe("rejectionOf", () => {
  it("returns what a promise rejects with", async () => {
    expect(await rejectionOf(Promise.reject(boom))).toBe(boom);
  });

  it("rejects when the promise resolves, or is undefined", async () => {
    await expect(rejectionOf(Promise.resolve(1))).rejects.toThrow(/succeeded/);
    await expect(rejectionOf(undefined)).rejects.toThrow(/succeeded/);
  });
});

describe("requestBody", () => {
  const start = useMockUpstream();

  it("reads the JSON body of the i-th request, from the upstream or a harness", async () => {
    const upstream = await start();
    upstream.on("POST", "/v1/x", json({ ok: true }));
    for (const n of [1, 2])
      await fetch(`${upstream.url}/v1/x`, { method: "POST", body: JSON.stringify({ n }) });
    expect(requestBody(upstream)).toEqual({ n: 1 });
    expect(requestBody({ upstream }, 1)).toEqual({ n: 2 });
    expect(() => requestBody(upstream, 2)).toThrow(/no request #2/);
  });
});

describe("settingsSchemaShape", () => {
  it("keeps names, types, required keys, closedness, items, map values and anyOf", () => {
    const shape = settingsSchemaShape({
      type: "object",
      required: ["b", "a"],
      additionalProperties: false,
      properties: {
        b: { type: "array", items: { type: "string", minLength: 1 } },
        a: { type: "string", pattern: "^https?://", format: "uri" },
        headers: { type: "object", additionalProperties: { type: "string" } },
        any: { type: "object", additionalProperties: {} },
        keepAlive: { anyOf: [{ type: "string" }, { type: "number" }] },
      },
    });
    expect(shape).toEqual({
      type: "object",
      required: ["a", "b"],
      closed: true,
      properties: {
        a: { type: "string" },
        any: { type: "object", closed: false },
        b: { type: "array", items: { type: "string" } },
        headers: { type: "object", closed: false, values: { type: "string" } },
        keepAlive: { anyOf: [{ type: "number" }, { type: "string" }] },
      },
    });
  });

  it("ignores the order of properties, required keys and anyOf alternatives", () => {
    const a = settingsSchemaShape({
      type: "object",
      required: ["x", "y"],
      properties: {
        x: { type: "integer" },
        y: { anyOf: [{ type: "string" }, { type: "number" }] },
      },
    });
    const b = settingsSchemaShape({
      type: "object",
      required: ["y", "x"],
      properties: {
        y: { anyOf: [{ type: "number" }, { type: "string" }] },
        x: { type: "integer" },
      },
    });
    expect(a).toEqual(b);
    expect(settingsSchemaShape(undefined)).toEqual({});
  });
});
