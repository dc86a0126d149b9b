import { describe, expect, it } from "vitest";
import { ProviderError } from "../../src/errors/provider-error.js";
import { runProviderCall } from "../../src/retry/run-provider-call.js";
import { recordingMetrics } from "./recording-metrics.js";

describe("runProviderCall", () => {
  it("retries, then records one success with usage and returns the result", async () => {
    const { metrics, events, active } = recordingMetrics();
    let calls = 0;
    const result = await runProviderCall({
      provider: "p",
      model: "m",
      metrics,
      retry: { random: () => 0 },
      call: async () => {
        if (calls++ === 0)
          throw new ProviderError("x", { status: 503, provider: "p", retryable: true });
        return { text: "hi", total: 7 };
      },
      usage: (r) => ({ totalTokens: r.total }),
    });
    expect(result.text).toBe("hi");
    expect(events).toEqual(["start:chat:m", "retry:p:503", "success:7"]);
    expect(active()).toBe(0);
  });

  it("records the final error once and rethrows it as a ProviderError", async () => {
    const { metrics, events, active } = recordingMetrics();
    await expect(
      runProviderCall({
        provider: "p",
        model: "m",
        operation: "embed",
        metrics,
        retry: { attempts: 1 },
        call: async () => {
          throw Object.assign(new Error("nope"), { status: 400 });
        },
      }),
    ).rejects.toMatchObject({ status: 400, provider: "p" });
    expect(events).toEqual(["start:embed:m", "error:400:bad_request"]);
    expect(active()).toBe(0);
  });

  it("applies the per-attempt timeout and passes the signal to the call", async () => {
    const { metrics, events } = recordingMetrics();
    let aborted = 0;
    await expect(
      runProviderCall({
        provider: "p",
        model: "m",
        metrics,
        timeoutMs: 15,
        retry: { attempts: 2, random: () => 0 },
        call: (signal) =>
          new Promise((_, reject) =>
            signal.addEventListener("abort", () => {
              aborted++;
              reject(signal.reason);
            }),
          ),
      }),
    ).rejects.toMatchObject({ status: 504, code: "timeout" });
    expect(aborted).toBe(2);
    expect(events).toEqual(["start:chat:m", "retry:p:timeout", "error:504:timeout"]);
  });

  it("honours the context's abort and deadline", async () => {
    const controller = new AbortController();
    const pending = runProviderCall({
      provider: "p",
      model: "m",
      ctx: { signal: controller.signal, tenantId: "t1" },
      call: (signal) =>
        new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason))),
    });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ status: 499 });

    await expect(
      runProviderCall({
        provider: "p",
        model: "m",
        ctx: { deadline: Date.now() + 20 },
        call: (signal) =>
          new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason))),
      }),
    ).rejects.toMatchObject({ code: "deadline_exceeded" });
  });
});
