import { describe, expect, it } from "vitest";
import { withProviderTimeout } from "../../src/retry/with-provider-timeout.js";

function never(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason)));
}

describe("withProviderTimeout", () => {
  it("returns the result and leaves no timer behind", async () => {
    const before = process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    await expect(
      withProviderTimeout(async () => 42, { provider: "p", timeoutMs: 10_000 }),
    ).resolves.toBe(42);
    const after = process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    expect(after).toBe(before);
  });

  it("turns a timeout into a retryable 504 and aborts the signal it gave out", async () => {
    let seen: AbortSignal | undefined;
    await expect(
      withProviderTimeout(
        ({ signal }) => {
          seen = signal;
          return never(signal);
        },
        { provider: "p", timeoutMs: 20, action: "chat" },
      ),
    ).rejects.toMatchObject({
      status: 504,
      code: "timeout",
      retryable: true,
      message: "p: chat timed out after 20 ms",
    });
    expect(seen?.aborted).toBe(true);
  });

  it("does not wait for a function that ignores its signal", async () => {
    const started = performance.now();
    await expect(
      withProviderTimeout(() => new Promise((resolve) => setTimeout(resolve, 500)), {
        provider: "p",
        timeoutMs: 20,
      }),
    ).rejects.toMatchObject({ status: 504 });
    expect(performance.now() - started).toBeLessThan(400);
  });

  it("propagates the caller's abort as a 499 and removes its listener", async () => {
    const controller = new AbortController();
    const pending = withProviderTimeout(({ signal }) => never(signal), {
      provider: "p",
      signal: controller.signal,
    });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ status: 499, code: "aborted", retryable: false });
  });

  it("refuses to start when the caller already aborted or the deadline passed", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      withProviderTimeout(async () => 1, { provider: "p", signal: controller.signal }),
    ).rejects.toMatchObject({ status: 499 });
    await expect(
      withProviderTimeout(async () => 1, { provider: "p", deadline: Date.now() - 1 }),
    ).rejects.toMatchObject({ code: "deadline_exceeded", retryable: false });
  });

  it("bounds the call by the deadline when it is sooner than the timeout", async () => {
    await expect(
      withProviderTimeout(({ signal }) => never(signal), {
        provider: "p",
        timeoutMs: 10_000,
        deadline: Date.now() + 20,
      }),
    ).rejects.toMatchObject({ code: "deadline_exceeded" });
  });

  it("passes other errors through untouched", async () => {
    const err = new Error("boom");
    await expect(
      withProviderTimeout(
        async () => {
          throw err;
        },
        { provider: "p", timeoutMs: 1000 },
      ),
    ).rejects.toBe(err);
  });
});
