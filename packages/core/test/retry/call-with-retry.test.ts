import { describe, expect, it } from "vitest";
import { ProviderError } from "../../src/errors/provider-error.js";
import { abortableSleep } from "../../src/retry/abortable-sleep.js";
import { callWithRetry } from "../../src/retry/call-with-retry.js";
import { computeBackoffDelay } from "../../src/retry/compute-backoff-delay.js";
import { recordingMetrics } from "./recording-metrics.js";

const retryable = (status = 503, retryAfterMs?: number) =>
  new ProviderError("upstream", {
    status,
    provider: "p",
    retryable: true,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });

describe("computeBackoffDelay", () => {
  it("draws from [0, min(cap, base * 2^retry))", () => {
    expect(computeBackoffDelay(0, { baseDelayMs: 100 }, () => 0.999)).toBe(99);
    expect(computeBackoffDelay(3, { baseDelayMs: 100 }, () => 0.5)).toBe(400);
    expect(computeBackoffDelay(10, { baseDelayMs: 100, maxDelayMs: 1000 }, () => 0.999)).toBe(999);
    expect(computeBackoffDelay(2, {}, () => 0)).toBe(0);
  });
});

describe("callWithRetry", () => {
  it("retries retryable errors and returns the first success", async () => {
    const { metrics, events } = recordingMetrics();
    let calls = 0;
    const result = await callWithRetry(
      async (attempt) => {
        calls++;
        if (attempt < 3) throw retryable(503);
        return "ok";
      },
      { provider: "p", attempts: 3, random: () => 0, metrics },
    );
    expect(result).toBe("ok");
    expect(calls).toBe(3);
    expect(events).toEqual(["retry:p:503", "retry:p:503"]);
  });

  it("does not retry a non-retryable error", async () => {
    let calls = 0;
    const err = new ProviderError("bad", { status: 400, provider: "p", retryable: false });
    await expect(
      callWithRetry(
        async () => {
          calls++;
          throw err;
        },
        { provider: "p", random: () => 0 },
      ),
    ).rejects.toBe(err);
    expect(calls).toBe(1);
  });

  it("gives up after the configured attempts with the last error", async () => {
    let calls = 0;
    await expect(
      callWithRetry(
        async () => {
          calls++;
          throw retryable(502);
        },
        { provider: "p", attempts: 2, random: () => 0 },
      ),
    ).rejects.toMatchObject({ status: 502 });
    expect(calls).toBe(2);
  });

  it("normalizes foreign errors before deciding", async () => {
    let calls = 0;
    await expect(
      callWithRetry(
        async () => {
          calls++;
          throw Object.assign(new Error("reset"), { code: "ECONNRESET" });
        },
        { provider: "p", attempts: 2, random: () => 0 },
      ),
    ).rejects.toBeInstanceOf(ProviderError);
    expect(calls).toBe(2);
  });

  it("waits what Retry-After asked for, and counts a 429 as a rate-limit hit", async () => {
    const { metrics, events } = recordingMetrics();
    const started = performance.now();
    let calls = 0;
    await callWithRetry(
      async () => {
        if (calls++ === 0) throw retryable(429, 60);
        return 1;
      },
      { provider: "p", random: () => 0, metrics },
    );
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
    expect(events).toEqual(["ratelimit:p", "retry:p:429"]);
  });

  it("gives up at once when Retry-After is beyond the cap", async () => {
    let calls = 0;
    const started = performance.now();
    await expect(
      callWithRetry(
        async () => {
          calls++;
          throw retryable(429, 120_000);
        },
        { provider: "p", maxRetryAfterMs: 1000 },
      ),
    ).rejects.toMatchObject({ status: 429, retryAfterMs: 120_000 });
    expect(calls).toBe(1);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it("never waits past the deadline", async () => {
    let calls = 0;
    await expect(
      callWithRetry(
        async () => {
          calls++;
          throw retryable(503, 200);
        },
        { provider: "p", deadline: Date.now() + 100 },
      ),
    ).rejects.toMatchObject({ status: 503 });
    expect(calls).toBe(1);
  });

  it("stops at once when aborted during a wait", async () => {
    const controller = new AbortController();
    let calls = 0;
    const started = performance.now();
    const pending = callWithRetry(
      async () => {
        calls++;
        throw retryable(503, 5_000);
      },
      { provider: "p", signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ status: 499, code: "aborted" });
    expect(calls).toBe(1);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("does not start when already aborted, and reports an abort that happened during the call", async () => {
    const controller = new AbortController();
    controller.abort();
    let calls = 0;
    await expect(
      callWithRetry(
        async () => {
          calls++;
          return 1;
        },
        { provider: "p", signal: controller.signal },
      ),
    ).rejects.toMatchObject({ status: 499 });
    expect(calls).toBe(0);

    const during = new AbortController();
    await expect(
      callWithRetry(
        async () => {
          during.abort();
          throw retryable(503);
        },
        { provider: "p", signal: during.signal },
      ),
    ).rejects.toMatchObject({ status: 499 });
  });
});

describe("abortableSleep", () => {
  it("resolves after the delay and rejects with the signal's reason", async () => {
    await expect(abortableSleep(1)).resolves.toBeUndefined();
    const controller = new AbortController();
    controller.abort(new Error("stop"));
    await expect(abortableSleep(1000, controller.signal)).rejects.toThrow("stop");
  });
});
