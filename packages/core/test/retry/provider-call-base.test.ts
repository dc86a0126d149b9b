import { describe, expect, it } from "vitest";
import {
  DEFAULT_PROVIDER_RETRY_ATTEMPTS,
  providerCallBase,
  timeProbe,
} from "../../src/retry/provider-call-base.js";
import type { ProviderContext } from "../../src/types/provider-context.js";

describe("providerCallBase", () => {
  it("fills in the provider, model and the default retry attempts", () => {
    const base = providerCallBase({ provider: "p" });
    expect(base("m")).toEqual({
      provider: "p",
      model: "m",
      metrics: undefined,
      logger: undefined,
      retry: { attempts: DEFAULT_PROVIDER_RETRY_ATTEMPTS },
    });
    expect(base("m")).not.toHaveProperty("ctx");
    expect(base("m")).not.toHaveProperty("timeoutMs");
  });

  it("passes the context, timeout and retry attempts through", () => {
    const ctx = { requestId: "r" } as unknown as ProviderContext;
    const base = providerCallBase({ provider: "p", timeoutMs: 50, retryAttempts: 1 });
    expect(base("m", ctx)).toMatchObject({ ctx, timeoutMs: 50, retry: { attempts: 1 } });
  });
});

describe("timeProbe", () => {
  it("reports ok with a latency when the check resolves", async () => {
    const result = await timeProbe(async () => "fine");
    expect(result.ok).toBe(true);
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(result).not.toHaveProperty("detail");
  });

  it("never throws: an error's message becomes the detail", async () => {
    const result = await timeProbe(async () => {
      throw new Error("down");
    });
    expect(result).toMatchObject({ ok: false, detail: "down" });
  });

  it("says probe failed for a non-Error, unless told how to describe it", async () => {
    const fail = async () => {
      throw "nope";
    };
    expect(await timeProbe(fail)).toMatchObject({ ok: false, detail: "probe failed" });
    expect(await timeProbe(fail, String)).toMatchObject({ ok: false, detail: "nope" });
  });
});
