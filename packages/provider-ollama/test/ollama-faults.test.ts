import {
  collectEvents,
  collectUntilError,
  fault,
  metricValue,
  ndjson,
  ollamaWire,
  raw,
  rejectionOf,
  textOf,
} from "@oss-ai-agent-tool/testkit";
import { afterEach, describe, expect, it, vi } from "vitest";
import { useOllamaHarness } from "./support/harness.js";

const wire = ollamaWire();
const hello = [{ role: "user" as const, content: "Count to three." }];
const scenario = {
  id: "unused",
  model: "llama3.2",
  text: "one two three",
  rawFinishReason: "stop",
  usage: { promptTokens: 8, completionTokens: 4, totalTokens: 12 },
};
const streamReply = (delayMs?: number) =>
  wire.streamReply?.(scenario, delayMs !== undefined ? { delayMs } : {}) ?? fault.status(500);
/** The stream as a fixed reply, so faults can cut it. */
const streamLines = () =>
  ndjson([
    {
      model: "llama3.2",
      created_at: "t",
      message: { role: "assistant", content: "one " },
      done: false,
    },
    {
      model: "llama3.2",
      created_at: "t",
      message: { role: "assistant", content: "two " },
      done: false,
    },
    {
      model: "llama3.2",
      created_at: "t",
      message: { role: "assistant", content: "three" },
      done: false,
    },
    {
      model: "llama3.2",
      created_at: "t",
      message: { role: "assistant", content: "" },
      done: true,
      done_reason: "stop",
      prompt_eval_count: 8,
      eval_count: 4,
    },
  ]);

describe("faults", () => {
  const start = useOllamaHarness();
  afterEach(() => {
    vi.restoreAllMocks();
  });

  describe("429 with Retry-After (rare from Ollama, common from proxies in front of it)", () => {
    it("waits as told before retrying a stream, and counts a rate-limit hit", async () => {
      const h = await start();
      h.upstream.once(
        "POST",
        "/api/chat",
        wire.errorReply(429, "too many requests", { "retry-after": "1" }),
      );
      h.upstream.on("POST", "/api/chat", streamReply());
      const started = performance.now();
      const events = await collectEvents(h.provider.stream?.({ messages: hello }));
      expect(performance.now() - started).toBeGreaterThanOrEqual(950);
      expect(textOf(events)).toBe("one two three");
      expect(h.upstream.requests).toHaveLength(2);
      expect(await metricValue(h.registry, "provider_rate_limit_hits_total")).toBe(1);
    });

    it("gives up at once when Retry-After is longer than core honours, keeping it on the error", async () => {
      const h = await start();
      h.upstream.on(
        "POST",
        "/api/chat",
        wire.errorReply(429, "slow down", { "retry-after": "120" }),
      );
      const err = await rejectionOf(h.provider.chat({ messages: hello }));
      expect(err).toMatchObject({
        status: 429,
        code: "rate_limited",
        retryable: true,
        retryAfterMs: 120_000,
      });
      expect((err as Error).message).toContain("slow down");
      expect(h.upstream.requests).toHaveLength(1);
    });
  });

  describe("500", () => {
    it("retries a 500 before a stream starts and then streams", async () => {
      const h = await start();
      h.upstream.once(
        "POST",
        "/api/chat",
        wire.errorReply(500, "llama runner process has terminated"),
      );
      h.upstream.on("POST", "/api/chat", streamReply());
      const events = await collectEvents(h.provider.stream?.({ messages: hello }));
      expect(events.at(-1)).toMatchObject({ type: "finish", finishReason: "stop" });
      expect(h.upstream.requests).toHaveLength(2);
    });

    it("reports the upstream's message after the last attempt", async () => {
      const h = await start({ settings: (url) => ({ baseURL: url, retryAttempts: 2 }) });
      h.upstream.on("POST", "/api/chat", wire.errorReply(500, "model requires more system memory"));
      const err = await rejectionOf(h.provider.chat({ messages: hello }));
      expect(err).toMatchObject({ status: 500, code: "upstream_error", retryable: true });
      expect((err as Error).message).toBe("ollama: model requires more system memory");
      expect(h.upstream.requests).toHaveLength(2);
    });

    it("makes exactly one request per attempt: the SDK has no retries of its own", async () => {
      const h = await start({ settings: (url) => ({ baseURL: url, retryAttempts: 1 }) });
      h.upstream.on("POST", "/api/chat", wire.errorReply(503, "loading"));
      h.upstream.on("POST", "/api/embed", wire.errorReply(503, "loading"));
      await rejectionOf(h.provider.chat({ messages: hello }));
      await rejectionOf(collectEvents(h.provider.stream?.({ messages: hello })));
      await rejectionOf(h.provider.embed?.({ input: "x" }));
      expect(h.upstream.requests).toHaveLength(3);
    });

    it("does not retry a 404 (model not pulled)", async () => {
      const h = await start();
      h.upstream.on(
        "POST",
        "/api/chat",
        wire.errorReply(404, 'model "nope" not found, try pulling it first'),
      );
      const err = await rejectionOf(h.provider.chat({ model: "nope", messages: hello }));
      expect(err).toMatchObject({ status: 404, code: "not_found", retryable: false });
      expect((err as Error).message).toContain("try pulling it first");
      expect(h.upstream.requests).toHaveLength(1);
    });

    it("reads a non-JSON error body from a proxy", async () => {
      vi.spyOn(console, "log").mockImplementation(() => {});
      const h = await start({ settings: (url) => ({ baseURL: url, retryAttempts: 1 }) });
      h.upstream.on(
        "POST",
        "/api/chat",
        raw("<html>502 Bad Gateway</html>", {
          status: 502,
          headers: { "content-type": "text/html" },
        }),
      );
      const err = await rejectionOf(h.provider.chat({ messages: hello }));
      expect(err).toMatchObject({ status: 502, retryable: true });
      expect((err as Error).message).toContain("502 Bad Gateway");
    });
  });

  describe("hang", () => {
    it("times out a stream whose upstream never answers, retrying, then frees every request", async () => {
      const h = await start({
        settings: (url) => ({ baseURL: url, timeoutMs: 1_000, retryAttempts: 2 }),
      });
      h.upstream.on("POST", "/api/chat", fault.hang());
      const err = await rejectionOf(collectEvents(h.provider.stream?.({ messages: hello })));
      expect(err).toMatchObject({ status: 504, code: "timeout" });
      await h.upstream.waitForAbortedRequests(2);
      expect(h.upstream.requests).toHaveLength(2);
      expect(await metricValue(h.registry, "provider_active_requests")).toBe(0);
    });

    it("times out a stream that sends headers and then nothing", async () => {
      const h = await start({
        settings: (url) => ({ baseURL: url, timeoutMs: 1_000, retryAttempts: 1 }),
      });
      h.upstream.on("POST", "/api/chat", fault.hangAfterHeaders(ndjson([])));
      expect(
        await rejectionOf(collectEvents(h.provider.stream?.({ messages: hello }))),
      ).toMatchObject({
        status: 504,
        code: "timeout",
      });
      await h.upstream.waitForAbortedRequests(1);
    });

    it("ends a stream that stalls mid-way with the idle timeout, after the text it had", async () => {
      const h = await start({
        settings: (url) => ({ baseURL: url, idleTimeoutMs: 150, retryAttempts: 1 }),
      });
      h.upstream.on("POST", "/api/chat", fault.stallAfter(streamLines(), { afterEvents: 2 }));
      const { events, error } = await collectUntilError(h.provider.stream?.({ messages: hello }));
      expect(textOf(events)).toBe("one two ");
      expect(error).toMatchObject({ status: 504, code: "timeout" });
      await h.upstream.waitForAbortedRequests(1);
    });
  });

  describe("reset", () => {
    it("fails a stream reset mid-body after content, without retrying", async () => {
      const h = await start();
      h.upstream.on("POST", "/api/chat", fault.resetAfter(streamLines(), { afterEvents: 2 }));
      const { events, error } = await collectUntilError(h.provider.stream?.({ messages: hello }));
      expect(textOf(events)).toBe("one two ");
      expect(error).toMatchObject({ status: 502, retryable: true, provider: "ollama" });
      expect(h.upstream.requests).toHaveLength(1);
      expect(await metricValue(h.registry, "provider_active_requests")).toBe(0);
    });

    it("retries a reset before the response, and a reset before the first line", async () => {
      const h = await start();
      h.upstream.once("POST", "/api/chat", fault.resetBeforeResponse());
      h.upstream.once("POST", "/api/chat", fault.resetAfter(streamLines(), { afterEvents: 0 }));
      h.upstream.on("POST", "/api/chat", streamReply());
      const events = await collectEvents(h.provider.stream?.({ messages: hello }));
      expect(textOf(events)).toBe("one two three");
      expect(h.upstream.requests).toHaveLength(3);
    });

    it("retries a non-streamed call whose body was cut", async () => {
      const h = await start();
      h.upstream.once(
        "POST",
        "/api/chat",
        fault.resetAfter(wire.chatReply(scenario), { afterBytes: 20 }),
      );
      h.upstream.on("POST", "/api/chat", wire.chatReply(scenario));
      expect((await h.provider.chat({ messages: hello })).output).toBe("one two three");
      expect(h.upstream.requests).toHaveLength(2);
    });
  });

  describe("streams that end wrong", () => {
    it("reports a stream that ends cleanly without its done line as truncated", async () => {
      const h = await start({ settings: (url) => ({ baseURL: url, retryAttempts: 1 }) });
      h.upstream.on("POST", "/api/chat", fault.truncate(streamLines(), 2));
      const { events, error } = await collectUntilError(h.provider.stream?.({ messages: hello }));
      expect(textOf(events)).toBe("one two ");
      expect(error).toMatchObject({ status: 502, code: "truncated_stream", retryable: true });
    });

    it("retries a stream that ends before its first line", async () => {
      const h = await start();
      h.upstream.once("POST", "/api/chat", fault.truncate(streamLines(), 0));
      h.upstream.on("POST", "/api/chat", streamReply());
      expect(textOf(await collectEvents(h.provider.stream?.({ messages: hello })))).toBe(
        "one two three",
      );
      expect(h.upstream.requests).toHaveLength(2);
    });

    it("surfaces an error line after content as a 502 carrying Ollama's message, without retrying", async () => {
      const h = await start();
      h.upstream.on(
        "POST",
        "/api/chat",
        ndjson([
          {
            model: "llama3.2",
            created_at: "t",
            message: { role: "assistant", content: "one " },
            done: false,
          },
          { error: "an error was encountered while running the model: unexpected EOF" },
        ]),
      );
      const { events, error } = await collectUntilError(h.provider.stream?.({ messages: hello }));
      expect(textOf(events)).toBe("one ");
      expect(error).toMatchObject({ status: 502, code: "upstream_error", retryable: true });
      expect((error as Error).message).toBe(
        "ollama: an error was encountered while running the model: unexpected EOF",
      );
      expect(h.upstream.requests).toHaveLength(1);
    });

    it("skips a line that is not JSON, as the SDK does, and finishes", async () => {
      vi.spyOn(console, "warn").mockImplementation(() => {});
      const h = await start();
      h.upstream.on(
        "POST",
        "/api/chat",
        ndjson([
          {
            model: "llama3.2",
            created_at: "t",
            message: { role: "assistant", content: "ok" },
            done: false,
          },
          "{not json",
          {
            model: "llama3.2",
            created_at: "t",
            message: { role: "assistant", content: "" },
            done: true,
            done_reason: "stop",
          },
        ]),
      );
      const events = await collectEvents(h.provider.stream?.({ messages: hello }));
      expect(textOf(events)).toBe("ok");
      expect(events.at(-1)).toMatchObject({ type: "finish" });
    });

    it("fails a non-streamed reply that is not JSON", async () => {
      const h = await start({ settings: (url) => ({ baseURL: url, retryAttempts: 1 }) });
      h.upstream.on("POST", "/api/chat", fault.malformedJson());
      expect(await rejectionOf(h.provider.chat({ messages: hello }))).toMatchObject({
        provider: "ollama",
      });
    });
  });
});
