import { isProviderError } from "@oss-ai-agent-tool/core";
import {
  collectEvents,
  collectUntilError,
  fault,
  type Harness,
  json,
  metricValue,
  rejectionOf,
  sse,
  textOf,
} from "@oss-ai-agent-tool/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { type StartOptions, startOpenAI } from "./support/harness.js";
import { chunk, completion, fullUsage, usageChunk } from "./support/wire.js";

const hello = [{ role: "user" as const, content: "Say hello." }];
const CHAT = /\/chat\/completions$/;
const words = ["Hello", " there", ", friend", "."];
const frames = [
  chunk({ role: "assistant", content: "" }),
  ...words.map((w) => chunk({ content: w })),
  chunk({}, "stop"),
  usageChunk(fullUsage),
].map((data) => ({ data }));
const good = sse(frames, { done: true });

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const start = async (options: StartOptions = {}) => {
  harness = await startOpenAI(options);
  return harness;
};

describe("faults, through the official SDK over real HTTP", () => {
  describe("rate limits and server errors", () => {
    it("retries a stream refused with 429 after its Retry-After, counting the rate-limit hit", async () => {
      const h = await start({ overrides: { retryAttempts: 2 } });
      h.upstream.once("POST", CHAT, fault.status(429, { headers: { "retry-after": "1" } }));
      h.upstream.on("POST", CHAT, good);
      const started = performance.now();
      const events = await collectEvents(h.provider.stream?.({ messages: hello }));
      expect(performance.now() - started).toBeGreaterThanOrEqual(950);
      expect(textOf(events)).toBe("Hello there, friend.");
      expect(h.upstream.requests).toHaveLength(2);
      expect(await metricValue(h.registry, "provider_rate_limit_hits_total")).toBe(1);
    });

    it("gives up at once on a Retry-After longer than it will wait, keeping the delay for the caller", async () => {
      const h = await start({ overrides: { retryAttempts: 3 } });
      h.upstream.on("POST", CHAT, fault.status(429, { headers: { "retry-after": "120" } }));
      const err = await rejectionOf(h.provider.chat({ messages: hello }));
      expect(err).toMatchObject({ status: 429, retryable: true, retryAfterMs: 120_000 });
      expect(h.upstream.requests).toHaveLength(1);
    });

    it("retries a 500 on a stream and succeeds", async () => {
      const h = await start({ overrides: { retryAttempts: 2 } });
      h.upstream.once("POST", CHAT, fault.status(500));
      h.upstream.on("POST", CHAT, good);
      const events = await collectEvents(h.provider.stream?.({ messages: hello }));
      expect(events.at(-1)).toMatchObject({ type: "finish", finishReason: "stop" });
      expect(h.upstream.requests).toHaveLength(2);
    });

    it("reports the last 500 when the attempts run out", async () => {
      const h = await start({ overrides: { retryAttempts: 2 } });
      h.upstream.on("POST", CHAT, fault.status(500));
      const err = await rejectionOf(h.provider.chat({ messages: hello }));
      expect(isProviderError(err)).toBe(true);
      expect(err).toMatchObject({ status: 500, retryable: true, provider: "openai" });
      expect(h.upstream.requests).toHaveLength(2);
    });

    it("retries a connection reset before the response", async () => {
      const h = await start({ overrides: { retryAttempts: 2 } });
      h.upstream.once("POST", CHAT, fault.resetBeforeResponse());
      h.upstream.on("POST", CHAT, json(completion({ content: "Hi." })));
      expect((await h.provider.chat({ messages: hello })).output).toBe("Hi.");
      expect(h.upstream.requests).toHaveLength(2);
    });

    it("turns a malformed JSON body into a ProviderError", async () => {
      const h = await start();
      h.upstream.on("POST", CHAT, fault.malformedJson());
      const err = await rejectionOf(h.provider.chat({ messages: hello }));
      expect(isProviderError(err)).toBe(true);
      expect(err).toMatchObject({ provider: "openai" });
    });
  });

  describe("hangs", () => {
    it("times out a stream whose upstream never answers", async () => {
      const h = await start({ overrides: { timeoutMs: 1_000, retryAttempts: 1 } });
      h.upstream.on("POST", CHAT, fault.hang());
      const err = await rejectionOf(collectEvents(h.provider.stream?.({ messages: hello })));
      expect(err).toMatchObject({ status: 504, code: "timeout", provider: "openai" });
      await h.upstream.waitForAbortedRequests(1);
      expect(await metricValue(h.registry, "provider_active_requests")).toBe(0);
    });

    it("times out a stream that sends headers and then nothing", async () => {
      const h = await start({ overrides: { timeoutMs: 1_000, retryAttempts: 1 } });
      h.upstream.on("POST", CHAT, fault.hangAfterHeaders());
      expect(
        await rejectionOf(collectEvents(h.provider.stream?.({ messages: hello }))),
      ).toMatchObject({
        status: 504,
        code: "timeout",
      });
    });

    it("ends a stream that stalls mid-way after idleTimeoutMs, keeping what arrived", async () => {
      const h = await start({ settings: () => ({ idleTimeoutMs: 150 }) });
      h.upstream.on("POST", CHAT, fault.stallAfter(good, { afterEvents: 3 }));
      const { events, error } = await collectUntilError(h.provider.stream?.({ messages: hello }));
      expect(textOf(events)).toBe("Hello there");
      expect(error).toMatchObject({ status: 504, code: "timeout" });
      await h.upstream.waitForAbortedRequests(1);
    });

    it("stops a stream when the caller aborts", async () => {
      const h = await start();
      h.upstream.on("POST", CHAT, fault.stallAfter(good, { afterEvents: 2 }));
      const controller = new AbortController();
      const stream = h.provider.stream?.({ messages: hello }, { signal: controller.signal });
      const seen: string[] = [];
      const err = await rejectionOf(
        (async () => {
          for await (const event of stream ?? []) {
            seen.push(event.type);
            controller.abort();
          }
        })(),
      );
      expect(seen).toEqual(["text-delta"]);
      expect(err).toMatchObject({ status: 499, code: "aborted", retryable: false });
      await h.upstream.waitForAbortedRequests(1);
    });
  });

  describe("broken streams", () => {
    it("retries a stream reset before any content, invisibly to the consumer", async () => {
      const h = await start({ overrides: { retryAttempts: 2 } });
      // Only the role chunk gets through: no event has been passed on yet.
      h.upstream.once("POST", CHAT, fault.resetAfter(good, { afterEvents: 1 }));
      h.upstream.on("POST", CHAT, good);
      const events = await collectEvents(h.provider.stream?.({ messages: hello }));
      expect(textOf(events)).toBe("Hello there, friend.");
      expect(h.upstream.requests).toHaveLength(2);
    });

    it("fails a stream reset mid-way with a retryable network error, after the text that arrived", async () => {
      const h = await start({ overrides: { retryAttempts: 3 } });
      h.upstream.on("POST", CHAT, fault.resetAfter(good, { afterEvents: 3 }));
      const { events, error } = await collectUntilError(h.provider.stream?.({ messages: hello }));
      expect(textOf(events)).toBe("Hello there");
      expect(error).toMatchObject({ status: 502, code: "network_error", retryable: true });
      // Content was already passed on, so it is not retried.
      expect(h.upstream.requests).toHaveLength(1);
      expect(await metricValue(h.registry, "provider_active_requests")).toBe(0);
    });

    it("fails a stream cut mid-frame", async () => {
      const h = await start();
      h.upstream.on("POST", CHAT, fault.resetAfter(good, { afterBytes: 700 }));
      const { error } = await collectUntilError(h.provider.stream?.({ messages: hello }));
      expect(isProviderError(error)).toBe(true);
    });

    it("reports a stream that ends cleanly without a finish reason as truncated", async () => {
      const h = await start();
      h.upstream.on("POST", CHAT, fault.truncate(good, 3));
      const { events, error } = await collectUntilError(h.provider.stream?.({ messages: hello }));
      expect(textOf(events)).toBe("Hello there");
      expect(error).toMatchObject({ status: 502, code: "truncated_stream", retryable: true });
    });

    it("raises an error event sent after content inside a 200 stream", async () => {
      const h = await start({ overrides: { retryAttempts: 3 } });
      h.upstream.on(
        "POST",
        CHAT,
        sse([
          ...frames.slice(0, 2),
          {
            data: {
              error: {
                message: "The server had an error",
                type: "server_error",
                param: null,
                code: null,
              },
            },
          },
        ]),
      );
      const { events, error } = await collectUntilError(h.provider.stream?.({ messages: hello }));
      expect(textOf(events)).toBe("Hello");
      expect(error).toMatchObject({ provider: "openai", code: "server_error", retryable: true });
      expect(h.upstream.requests).toHaveLength(1);
    });
  });
});
