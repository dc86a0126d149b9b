import type { ChatRequest } from "@oss-ai-agent-tool/core";
import { afterEach, describe, expect, it } from "vitest";
import { fault } from "../mock-upstream/index.js";
import type { MockReply, RecordedRequest } from "../mock-upstream/types.js";
import { drainEvents, rejectionOf, textOf } from "../provider-test-helpers.js";
import type { Harness } from "./conformance-harness.js";
import type { ChatScenario, WireAdapter } from "./wire-adapter.js";

/** What a provider package passes to {@link runStreamFaultSuite}. */
export interface StreamFaultSuiteOptions {
  /** The title of the `describe` block, such as `"azure-openai: faults"`. */
  name: string;
  /** The provider id a failed call's `ProviderError` must carry. */
  providerId: string;
  /** Encodes the replies in the provider's wire format; its stream reply must be one SSE frame per chunk. */
  wire: WireAdapter;
  /**
   * Starts the provider over a fresh mock upstream, with its usual settings
   * (three retry attempts) and then `overrides` on top: `timeoutMs`,
   * `idleTimeoutMs` or `retryAttempts`. The suite closes it after each test.
   */
  start(overrides: Record<string, unknown>): Promise<Harness>;
  /** The model each request names. */
  model: string;
  /** The model the upstream reports in its replies; default {@link model}. */
  replyModel?: string;
  /** The message of the upstream's 429 body, as the provider's API words it. */
  rateLimitMessage: string;
}

const hello: ChatRequest["messages"] = [{ role: "user", content: "Say hello." }];

/**
 * Faults on the wire, seen through the provider: a 429 with `Retry-After`
 * and a 500 retried on a stream, a reset before the response retried, a
 * stream that hangs before or after its headers timing out, a reset and a
 * stall mid-stream after text (no retry: the text already reached the
 * caller), a stream that ends without its finish reported as truncated, and
 * malformed JSON reported as the provider's error. For OpenAI-compatible
 * APIs whose wire adapter derives from `openAIChatWire()`; the counts of
 * frames the faults cut at assume its framing.
 */
export function runStreamFaultSuite(options: StreamFaultSuiteOptions): void {
  const { wire, model } = options;
  const scenario: ChatScenario = {
    id: "chatcmpl-fault",
    model: options.replyModel ?? model,
    text: "The quick brown fox jumps over the lazy dog.",
    rawFinishReason: "stop",
    usage: { promptTokens: 9, completionTokens: 11, totalTokens: 20 },
  };
  const chatRoute = wire.routes.chat;
  const streamRoute = wire.routes.stream ?? chatRoute;

  /** The stream reply for the scenario, resolved for a request (it may depend on include_usage). */
  function streamReply() {
    const source = wire.streamReply?.(scenario);
    return async (request: RecordedRequest): Promise<MockReply> => {
      const reply = typeof source === "function" ? await source(request) : source;
      if (!reply) throw new Error(`the ${options.providerId} wire has no stream reply`);
      return reply;
    };
  }

  describe(options.name, () => {
    let harness: Harness | undefined;
    afterEach(async () => {
      await harness?.close();
      harness = undefined;
    });

    async function start(overrides: Record<string, unknown> = {}): Promise<Harness> {
      harness = await options.start(overrides);
      return harness;
    }

    const streamed = (h: Harness) => drainEvents(h.provider.stream?.({ model, messages: hello }));

    it("waits out a 429's Retry-After on a stream, then streams", async () => {
      const h = await start();
      h.upstream.once(
        streamRoute.method,
        streamRoute.path,
        wire.errorReply(429, options.rateLimitMessage, { "retry-after": "1" }),
      );
      h.upstream.on(streamRoute.method, streamRoute.path, streamReply());
      const started = performance.now();
      const { events, error } = await streamed(h);
      expect(error).toBeUndefined();
      expect(performance.now() - started).toBeGreaterThanOrEqual(950);
      expect(textOf(events)).toBe(scenario.text);
      expect(h.upstream.requests).toHaveLength(2);
    });

    it("retries a 500 on a stream", async () => {
      const h = await start();
      h.upstream.once(streamRoute.method, streamRoute.path, fault.status(500));
      h.upstream.on(streamRoute.method, streamRoute.path, streamReply());
      const { events } = await streamed(h);
      expect(events.at(-1)).toMatchObject({ type: "finish", finishReason: "stop" });
      expect(h.upstream.requests).toHaveLength(2);
    });

    it("retries a connection reset before the response", async () => {
      const h = await start();
      h.upstream.once(chatRoute.method, chatRoute.path, fault.resetBeforeResponse());
      h.upstream.on(chatRoute.method, chatRoute.path, wire.chatReply(scenario));
      const res = await h.provider.chat({ model, messages: hello });
      expect(res.output).toBe(scenario.text);
      expect(h.upstream.requests).toHaveLength(2);
    });

    it("times out a stream that hangs before its headers", async () => {
      const h = await start({ timeoutMs: 150, retryAttempts: 1 });
      h.upstream.on(streamRoute.method, streamRoute.path, fault.hang());
      const { error } = await streamed(h);
      expect(error).toMatchObject({ status: 504, code: "timeout" });
      await h.upstream.waitForAbortedRequests(1);
    });

    it("times out a stream that sends headers and then nothing", async () => {
      const h = await start({ timeoutMs: 150, retryAttempts: 1 });
      h.upstream.on(streamRoute.method, streamRoute.path, fault.hangAfterHeaders());
      const { error } = await streamed(h);
      expect(error).toMatchObject({ status: 504, code: "timeout" });
    });

    it("fails a stream reset mid-way after its first text, without retrying", async () => {
      const h = await start();
      h.upstream.on(streamRoute.method, streamRoute.path, async (request) =>
        fault.resetAfter(await streamReply()(request), { afterEvents: 5 }),
      );
      const { events, error } = await streamed(h);
      expect(textOf(events).length).toBeGreaterThan(0);
      expect(events.some((e) => e.type === "finish")).toBe(false);
      expect(error).toMatchObject({ status: 502, retryable: true });
      // Text already reached the client: a retry would repeat it.
      expect(h.upstream.requests).toHaveLength(1);
    });

    it("fails a stream that stalls mid-way with an idle timeout", async () => {
      const h = await start({ idleTimeoutMs: 150, retryAttempts: 1 });
      h.upstream.on(streamRoute.method, streamRoute.path, async (request) =>
        fault.stallAfter(await streamReply()(request), { afterEvents: 4 }),
      );
      const { events, error } = await streamed(h);
      expect(textOf(events).length).toBeGreaterThan(0);
      expect(error).toMatchObject({ status: 504, code: "timeout" });
      await h.upstream.waitForAbortedRequests(1);
    });

    it("reports a stream that ends without its finish as truncated", async () => {
      const h = await start({ retryAttempts: 1 });
      h.upstream.on(streamRoute.method, streamRoute.path, async (request) =>
        fault.truncate(await streamReply()(request), 6),
      );
      const { error } = await streamed(h);
      expect(error).toMatchObject({ status: 502, code: "truncated_stream" });
    });

    it("reports malformed JSON as a failed call", async () => {
      const h = await start({ retryAttempts: 1 });
      h.upstream.on(chatRoute.method, chatRoute.path, fault.malformedJson());
      const err = await rejectionOf(h.provider.chat({ model, messages: hello }));
      expect(err).toMatchObject({ provider: options.providerId });
    });
  });
}
