import {
  createProviderMetrics,
  type ModelProvider,
  type ProbeResult,
  type ProviderContext,
  ProviderError,
} from "@oss-ai-agent-tool/core";
import { Registry } from "prom-client";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  classifyOutcome,
  type ProviderHealth,
  ProviderHealthRegistry,
} from "../../src/health/provider-health-registry.js";
import { type HealthEvidence, providerHealthStatus } from "../../src/health/provider-status.js";
import { runProbe } from "../../src/health/run-probe.js";
import { capabilities } from "../support/provider-doubles.js";

const quiet = { requests: 0, errors: 0, errorRate: 0 };

function evidence(overrides: Partial<HealthEvidence>): HealthEvidence {
  return {
    pluginStatus: "enabled",
    circuit: "closed",
    window: quiet,
    degradedErrorRate: 0.2,
    ...overrides,
  };
}

const window = (requests: number, errors: number) => ({
  requests,
  errors,
  errorRate: requests === 0 ? 0 : errors / requests,
});

describe("providerHealthStatus", () => {
  it.each<[string, Partial<HealthEvidence>, string]>([
    ["a disabled plugin", { pluginStatus: "disabled" }, "disabled"],
    ["an unconfigured plugin", { pluginStatus: "unconfigured" }, "unconfigured"],
    [
      "a broken plugin, whatever its traffic",
      { pluginStatus: "broken", window: window(10, 0) },
      "broken",
    ],
    ["no traffic and no probe", {}, "unknown"],
    ["a passing probe", { probe: { ok: true, latencyMs: 3 } }, "healthy"],
    [
      "a failing probe, despite good traffic",
      { probe: { ok: false, latencyMs: 3 }, window: window(10, 0) },
      "unhealthy",
    ],
    ["an open circuit", { circuit: "open", probe: { ok: true, latencyMs: 1 } }, "unhealthy"],
    ["a half-open circuit", { circuit: "half_open" }, "degraded"],
    ["good traffic", { window: window(3, 0) }, "healthy"],
    ["mostly good traffic below the rate's minimum", { window: window(2, 1) }, "healthy"],
    ["only failures below the rate's minimum", { window: window(2, 2) }, "degraded"],
    ["an error rate at the threshold", { window: window(10, 2) }, "degraded"],
    ["an error rate under the threshold", { window: window(10, 1) }, "healthy"],
    ["every call failing", { window: window(5, 5) }, "unhealthy"],
    [
      "a high error rate despite a passing probe",
      { window: window(5, 4), probe: { ok: true, latencyMs: 1 } },
      "degraded",
    ],
  ])("%s → %s", (_name, overrides, expected) => {
    expect(providerHealthStatus(evidence(overrides))).toBe(expected);
  });

  it("uses the configured threshold", () => {
    expect(providerHealthStatus(evidence({ window: window(10, 3), degradedErrorRate: 0.5 }))).toBe(
      "healthy",
    );
    expect(providerHealthStatus(evidence({ window: window(10, 5), degradedErrorRate: 0.5 }))).toBe(
      "degraded",
    );
  });
});

describe("classifyOutcome and ProviderHealthRegistry", () => {
  const err = (status: number, retryable = false) =>
    new ProviderError("x", { status, provider: "p", retryable });

  it.each([
    [500, false, "failure"],
    [429, true, "failure"],
    [401, false, "failure"],
    [403, false, "failure"],
    [400, false, "ok"],
    [404, false, "ok"],
    [499, false, "neutral"],
  ] as const)("status %i (retryable %s) counts as %s", (status, retryable, expected) => {
    expect(classifyOutcome(err(status, retryable))).toBe(expected);
  });

  it("feeds the breaker, the error rate, the last error and the breaker-state gauge", async () => {
    const registry = new Registry();
    const health = new ProviderHealthRegistry({
      metrics: createProviderMetrics({ registry }),
      failureThreshold: 2,
      cooldownMs: 1_000,
    });
    health.success("p");
    health.failure("p", err(400));
    health.failure("p", err(499));
    expect(health.for("p").window.snapshot()).toMatchObject({ requests: 2, errors: 0 });
    expect(health.for("p").breaker.state).toBe("closed");

    health.failure("p", err(503, true));
    health.failure("p", err(500));
    expect(health.for("p").breaker.state).toBe("open");
    expect(health.for("p").window.snapshot()).toMatchObject({ requests: 4, errors: 2 });
    expect(health.for("p").lastError.value).toMatchObject({ status: 500 });
    expect(health.for("p")).toBe(health.for("p"));

    const metrics = await registry.getMetricsAsJSON();
    const gauge = metrics.find((m) => m.name.includes("circuit_breaker_state"));
    // 0 closed, 1 open, 2 half-open.
    expect(gauge?.values.find((v) => v.labels.provider === "p")?.value).toBe(1);
  });
});

describe("runProbe", () => {
  function healthRecord(): ProviderHealth {
    return new ProviderHealthRegistry({
      metrics: createProviderMetrics({ registry: new Registry() }),
      failureThreshold: 5,
      cooldownMs: 1_000,
    }).for("p");
  }

  function providerWith(probe?: (ctx?: ProviderContext) => Promise<ProbeResult>): ModelProvider {
    return {
      id: "p",
      capabilities: capabilities(),
      chat: () => Promise.reject(new Error("not used")),
      ...(probe ? { probe } : {}),
    };
  }

  afterEach(() => {
    vi.useRealTimers();
  });

  it("reuses a result for cacheMs, then probes again", async () => {
    let clock = 1_000;
    const probe = vi.fn(async () => ({ ok: true, latencyMs: 5 }));
    const provider = providerWith(probe);
    const health = healthRecord();
    const options = { timeoutMs: 500, cacheMs: 10_000, now: () => clock };

    const first = await runProbe(provider, health, options);
    expect(first).toEqual({ result: { ok: true, latencyMs: 5 }, at: 1_000, cached: false });
    clock += 9_999;
    const second = await runProbe(provider, health, options);
    expect(second).toEqual({ result: { ok: true, latencyMs: 5 }, at: 1_000, cached: true });
    expect(probe).toHaveBeenCalledTimes(1);

    clock += 1;
    const third = await runProbe(provider, health, options);
    expect(third.cached).toBe(false);
    expect(third.at).toBe(clock);
    expect(probe).toHaveBeenCalledTimes(2);
  });

  it("never caches with cacheMs 0", async () => {
    const probe = vi.fn(async () => ({ ok: true, latencyMs: 1 }));
    const provider = providerWith(probe);
    const health = healthRecord();
    await runProbe(provider, health, { timeoutMs: 500, cacheMs: 0 });
    await runProbe(provider, health, { timeoutMs: 500, cacheMs: 0 });
    expect(probe).toHaveBeenCalledTimes(2);
  });

  it("shares one in-flight probe among concurrent callers", async () => {
    let release: (r: ProbeResult) => void = () => undefined;
    const probe = vi.fn(
      () =>
        new Promise<ProbeResult>((resolve) => {
          release = resolve;
        }),
    );
    const provider = providerWith(probe);
    const health = healthRecord();
    const options = { timeoutMs: 1_000, cacheMs: 10_000 };
    const calls = [runProbe(provider, health, options), runProbe(provider, health, options)];
    await vi.waitFor(() => expect(probe).toHaveBeenCalledTimes(1));
    const third = runProbe(provider, health, options);
    release({ ok: false, latencyMs: 7, detail: "upstream said 500" });
    const [a, b, c] = await Promise.all([...calls, third]);
    expect(probe).toHaveBeenCalledTimes(1);
    expect(a).toMatchObject({ cached: false, result: { ok: false, detail: "upstream said 500" } });
    expect(b).toMatchObject({ cached: true, result: { ok: false, detail: "upstream said 500" } });
    expect(c?.result).toEqual(a?.result);
    expect(health.probe?.result.ok).toBe(false);
    expect(health.probe?.pending).toBeUndefined();
  });

  it("gives up on a probe that ignores its signal", async () => {
    let signal: AbortSignal | undefined;
    const provider = providerWith((ctx) => {
      signal = ctx?.signal;
      return new Promise<ProbeResult>(() => undefined);
    });
    const started = performance.now();
    const run = await runProbe(provider, healthRecord(), { timeoutMs: 40, cacheMs: 1_000 });
    const elapsed = performance.now() - started;
    expect(run.result.ok).toBe(false);
    expect(run.result.detail).toBe("probe timed out after 40 ms");
    expect(elapsed).toBeGreaterThanOrEqual(40);
    expect(elapsed).toBeLessThan(1_000);
    expect(signal?.aborted).toBe(true);
  });

  it("passes a deadline matching the timeout", async () => {
    let seen: ProviderContext | undefined;
    const provider = providerWith(async (ctx) => {
      seen = ctx;
      return { ok: true, latencyMs: 0 };
    });
    const before = Date.now();
    await runProbe(provider, healthRecord(), { timeoutMs: 300, cacheMs: 0 });
    expect(seen?.deadline).toBeGreaterThanOrEqual(before + 300);
    expect(seen?.deadline).toBeLessThanOrEqual(Date.now() + 300);
  });

  it("turns a probe that throws (against its contract) into a failed result", async () => {
    const provider = providerWith(async () => {
      throw new Error("socket hang up");
    });
    const run = await runProbe(provider, healthRecord(), { timeoutMs: 100, cacheMs: 0 });
    expect(run.result).toMatchObject({ ok: false, detail: "socket hang up" });
  });

  it("reports a provider without probe() as not probed, without caching it", async () => {
    const health = healthRecord();
    const run = await runProbe(providerWith(), health, { timeoutMs: 100, cacheMs: 10_000 });
    expect(run).toMatchObject({
      cached: false,
      result: { ok: false, latencyMs: 0, detail: "this provider has no probe()" },
    });
    expect(health.probe).toBeUndefined();
  });
});
