import { register as globalRegistry, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import {
  type ClientRotationReason,
  createProviderMetrics,
  DEFAULT_DURATION_BUCKETS,
  PROVIDER_METRIC_NAMES,
} from "../../src/metrics/index.js";
import { samples, sampleValue } from "./read-metric.js";

/** Labels each metric must carry, tenant aside. */
const EXPECTED_LABELS: Record<string, { labels: string[]; tenant: boolean; type: string }> = {
  provider_request_duration_seconds: {
    labels: ["provider", "model", "operation", "status"],
    tenant: true,
    type: "histogram",
  },
  provider_requests_total: {
    labels: ["provider", "model", "operation"],
    tenant: true,
    type: "counter",
  },
  provider_errors_total: {
    labels: ["provider", "model", "operation", "error_type", "status_code"],
    tenant: true,
    type: "counter",
  },
  provider_token_usage_total: {
    labels: ["provider", "model", "type"],
    tenant: true,
    type: "counter",
  },
  provider_active_requests: {
    labels: ["provider", "model", "operation"],
    tenant: true,
    type: "gauge",
  },
  provider_client_rotations_total: {
    labels: ["provider", "reason"],
    tenant: true,
    type: "counter",
  },
  provider_circuit_breaker_state: { labels: ["provider"], tenant: true, type: "gauge" },
  provider_rate_limit_hits_total: { labels: ["provider", "model"], tenant: true, type: "counter" },
  provider_retries_total: {
    labels: ["provider", "model", "reason"],
    tenant: false,
    type: "counter",
  },
  provider_time_to_first_token_seconds: {
    labels: ["provider", "model", "operation"],
    tenant: true,
    type: "histogram",
  },
  provider_egress_blocked_total: {
    labels: ["provider", "reason", "mode"],
    tenant: false,
    type: "counter",
  },
};

/** Touches every metric once so each has a sample to inspect. */
function exerciseAll(metrics: ReturnType<typeof createProviderMetrics>, tenantId?: string): void {
  const timer = metrics.startRequest({ provider: "p", model: "m", operation: "stream", tenantId });
  timer.firstToken();
  timer.error({ status: 429, code: "rate_limited" });
  metrics.startRequest({ provider: "p", model: "m", tenantId }).success({ promptTokens: 1 });
  metrics.recordClientRotation("p", "credential_change", tenantId);
  metrics.setCircuitBreakerState("p", 1, tenantId);
  metrics.recordRateLimit("p", "m", tenantId);
  metrics.recordRetry("p", "503", "m");
  metrics.recordEgressBlocked("p", "host_not_allowed", "enforce");
}

describe("createProviderMetrics", () => {
  it("registers every metric with the listed labels and no tenant label by default", async () => {
    const registry = new Registry();
    exerciseAll(createProviderMetrics({ registry }));
    const json = await registry.getMetricsAsJSON();
    expect(json.map((m) => m.name).sort()).toEqual(Object.values(PROVIDER_METRIC_NAMES).sort());
    expect(Object.keys(EXPECTED_LABELS).sort()).toEqual(
      Object.values(PROVIDER_METRIC_NAMES).sort(),
    );
    for (const metric of json) {
      const expected = EXPECTED_LABELS[metric.name]!;
      expect(String(metric.type), metric.name).toBe(expected.type);
      expect(metric.values.length, metric.name).toBeGreaterThan(0);
      for (const sample of metric.values) {
        const names = Object.keys(sample.labels).filter((k) => k !== "le");
        expect(names.sort(), metric.name).toEqual([...expected.labels].sort());
      }
    }
    expect(await registry.metrics()).not.toContain("tenant=");
  });

  it("adds the tenant label where listed when enabled, with none for a missing tenant", async () => {
    const registry = new Registry();
    const metrics = createProviderMetrics({ registry, tenantLabel: true });
    exerciseAll(metrics, "acme");
    exerciseAll(metrics);
    for (const metric of await registry.getMetricsAsJSON()) {
      const expected = EXPECTED_LABELS[metric.name]!;
      const labels = expected.tenant ? [...expected.labels, "tenant"] : expected.labels;
      for (const sample of metric.values) {
        const names = Object.keys(sample.labels).filter((k) => k !== "le");
        expect(names.sort(), metric.name).toEqual([...labels].sort());
      }
    }
    const requests = await samples(registry, "provider_requests_total");
    expect(requests.map((s) => s.labels.tenant).sort()).toEqual(["acme", "acme", "none", "none"]);
    expect(
      await sampleValue(registry, "provider_active_requests", {
        provider: "p",
        model: "m",
        operation: "chat",
        tenant: "acme",
      }),
    ).toBe(0);
  });

  it("folds tenants past maxTenants into other", async () => {
    const registry = new Registry();
    const metrics = createProviderMetrics({ registry, tenantLabel: true, maxTenants: 2 });
    for (const tenantId of ["t1", "t2", "t3", "t4"]) {
      metrics.startRequest({ provider: "p", model: "m", tenantId }).success();
    }
    const requests = await samples(registry, "provider_requests_total");
    expect(Object.fromEntries(requests.map((s) => [s.labels.tenant, s.value]))).toEqual({
      t1: 1,
      t2: 1,
      other: 2,
    });
  });

  it("folds models past maxModelsPerProvider into other, per provider", async () => {
    const registry = new Registry();
    const metrics = createProviderMetrics({ registry, maxModelsPerProvider: 2 });
    for (const model of ["a", "b", "c", "d", "a"])
      metrics.startRequest({ provider: "p1", model }).success();
    metrics.startRequest({ provider: "p2", model: "c" }).success();
    metrics.recordRetry("p1", "503", "zzz");
    metrics.recordRateLimit("p1", "b");
    const requests = await samples(registry, "provider_requests_total");
    const counts = requests.map((s) => `${s.labels.provider}/${s.labels.model}=${s.value}`).sort();
    expect(counts).toEqual(["p1/a=2", "p1/b=1", "p1/other=2", "p2/c=1"]);
    expect(
      await sampleValue(registry, "provider_retries_total", {
        provider: "p1",
        model: "other",
        reason: "503",
      }),
    ).toBe(1);
    expect(
      await sampleValue(registry, "provider_rate_limit_hits_total", { provider: "p1", model: "b" }),
    ).toBe(1);
  });

  it("uses the default model cap of 50", async () => {
    const registry = new Registry();
    const metrics = createProviderMetrics({ registry });
    for (let i = 0; i < 60; i++) metrics.startRequest({ provider: "p", model: `m${i}` }).success();
    const requests = await samples(registry, "provider_requests_total");
    expect(requests).toHaveLength(51);
    expect(
      await sampleValue(registry, "provider_requests_total", {
        provider: "p",
        model: "other",
        operation: "chat",
      }),
    ).toBe(10);
  });

  it("truncates every label value to 128 characters", async () => {
    const registry = new Registry();
    const metrics = createProviderMetrics({ registry, tenantLabel: true });
    const long = (c: string) => c.repeat(200);
    metrics
      .startRequest({
        provider: long("p"),
        model: long("m"),
        operation: long("o"),
        tenantId: long("t"),
      })
      .error({ code: long("e"), status: 500 });
    metrics.recordRetry(long("p"), long("r"), long("m"));
    metrics.recordEgressBlocked(long("p"), long("x"), "report-only");
    metrics.recordClientRotation(long("p"), long("c") as ClientRotationReason, long("t"));
    for (const metric of await registry.getMetricsAsJSON()) {
      for (const sample of metric.values) {
        for (const value of Object.values(sample.labels)) {
          expect(String(value).length, metric.name).toBeLessThanOrEqual(128);
        }
      }
    }
    expect(
      await sampleValue(registry, "provider_errors_total", {
        provider: "p".repeat(128),
        model: "m".repeat(128),
        operation: "o".repeat(128),
        tenant: "t".repeat(128),
        error_type: "e".repeat(128),
        status_code: "500",
      }),
    ).toBe(1);
  });

  it("folds reason, error_type and operation values past maxDistinctValues into other", async () => {
    const registry = new Registry();
    const metrics = createProviderMetrics({ registry, maxDistinctValues: 1 });
    metrics.recordRetry("p", "503", "m");
    metrics.recordRetry("p", "ECONNRESET", "m");
    metrics.recordEgressBlocked("p", "a", "enforce");
    metrics.recordEgressBlocked("p", "b", "report-only");
    metrics.recordClientRotation("p", "error");
    metrics.recordClientRotation("p", "manual");
    metrics
      .startRequest({ provider: "p", model: "m", operation: "chat" })
      .error({ code: "x", status: 500 });
    metrics
      .startRequest({ provider: "p", model: "m", operation: "embed" })
      .error({ code: "y", status: 502 });
    const labelValues = async (name: string, label: string) =>
      (await samples(registry, name)).map((s) => String(s.labels[label])).sort();
    expect(await labelValues("provider_retries_total", "reason")).toEqual(["503", "other"]);
    expect(await labelValues("provider_egress_blocked_total", "reason")).toEqual(["a", "other"]);
    expect(await labelValues("provider_egress_blocked_total", "mode")).toEqual([
      "enforce",
      "other",
    ]);
    expect(await labelValues("provider_client_rotations_total", "reason")).toEqual([
      "error",
      "other",
    ]);
    expect(await labelValues("provider_errors_total", "error_type")).toEqual(["other", "x"]);
    expect(await labelValues("provider_errors_total", "status_code")).toEqual(["500", "other"]);
    expect(await labelValues("provider_requests_total", "operation")).toEqual(["chat", "other"]);
  });

  it("records rotations, retries, rate limits, egress blocks and breaker state with exact values", async () => {
    const registry = new Registry();
    const metrics = createProviderMetrics({ registry });
    metrics.recordClientRotation("p", "credential_change");
    metrics.recordClientRotation("p", "credential_change");
    metrics.recordRetry("p", "429");
    metrics.recordRateLimit("p");
    metrics.recordEgressBlocked("p", "private_ip", "report-only");
    metrics.setCircuitBreakerState("p", 1);
    metrics.setCircuitBreakerState("p", 2);
    metrics.setCircuitBreakerState("", 0);
    expect(
      await sampleValue(registry, "provider_client_rotations_total", {
        provider: "p",
        reason: "credential_change",
      }),
    ).toBe(2);
    expect(
      await sampleValue(registry, "provider_retries_total", {
        provider: "p",
        model: "unknown",
        reason: "429",
      }),
    ).toBe(1);
    expect(
      await sampleValue(registry, "provider_rate_limit_hits_total", {
        provider: "p",
        model: "unknown",
      }),
    ).toBe(1);
    expect(
      await sampleValue(registry, "provider_egress_blocked_total", {
        provider: "p",
        reason: "private_ip",
        mode: "report-only",
      }),
    ).toBe(1);
    expect(await sampleValue(registry, "provider_circuit_breaker_state", { provider: "p" })).toBe(
      2,
    );
    expect(
      await sampleValue(registry, "provider_circuit_breaker_state", { provider: "unknown" }),
    ).toBe(0);
  });

  it("uses the default duration buckets unless others are given", async () => {
    const registry = new Registry();
    createProviderMetrics({ registry }).startRequest({ provider: "p" }).success();
    const les = (await samples(registry, "provider_request_duration_seconds"))
      .filter((s) => s.metricName?.endsWith("_bucket"))
      .map((s) => s.labels.le);
    expect(les).toEqual([...DEFAULT_DURATION_BUCKETS, "+Inf"]);

    const custom = new Registry();
    const timer = createProviderMetrics({
      registry: custom,
      durationBuckets: [1, 2],
      ttftBuckets: [0.5],
    }).startRequest({ provider: "p" });
    timer.firstToken();
    timer.success();
    const ttftLes = (await samples(custom, "provider_time_to_first_token_seconds"))
      .filter((s) => s.metricName?.endsWith("_bucket"))
      .map((s) => s.labels.le);
    expect(ttftLes).toEqual([0.5, "+Inf"]);
    expect(await custom.getSingleMetricAsString("provider_request_duration_seconds")).toContain(
      'le="2"',
    );
  });

  it("keeps two registries independent and leaves the global registry alone", async () => {
    const before = (await globalRegistry.getMetricsAsJSON()).length;
    const r1 = new Registry();
    const r2 = new Registry();
    const m1 = createProviderMetrics({ registry: r1 });
    const m2 = createProviderMetrics({ registry: r2, tenantLabel: true });
    m1.startRequest({ provider: "p", model: "m" }).success();
    m1.startRequest({ provider: "p", model: "m" }).success();
    m2.startRequest({ provider: "p", model: "m", tenantId: "t" });
    expect(
      await sampleValue(r1, "provider_requests_total", {
        provider: "p",
        model: "m",
        operation: "chat",
      }),
    ).toBe(2);
    expect(
      await sampleValue(r2, "provider_requests_total", {
        provider: "p",
        model: "m",
        operation: "chat",
        tenant: "t",
      }),
    ).toBe(1);
    expect(
      await sampleValue(r1, "provider_active_requests", {
        provider: "p",
        model: "m",
        operation: "chat",
      }),
    ).toBe(0);
    expect(
      await sampleValue(r2, "provider_active_requests", {
        provider: "p",
        model: "m",
        operation: "chat",
        tenant: "t",
      }),
    ).toBe(1);
    expect(m1.registry).toBe(r1);
    expect((await globalRegistry.getMetricsAsJSON()).length).toBe(before);
    expect(globalRegistry.getSingleMetric("provider_requests_total")).toBeUndefined();
  });

  it("throws a clear error on a second call with the same registry and registers nothing", async () => {
    const registry = new Registry();
    const first = createProviderMetrics({ registry });
    expect(() => createProviderMetrics({ registry, tenantLabel: true })).toThrow(
      /already registered on this registry/,
    );
    first.startRequest({ provider: "p" }).success();
    expect(
      await sampleValue(registry, "provider_requests_total", {
        provider: "p",
        model: "unknown",
        operation: "chat",
      }),
    ).toBe(1);

    const partial = new Registry();
    partial.registerMetric(first.registry.getSingleMetric("provider_egress_blocked_total")!);
    expect(() => createProviderMetrics({ registry: partial })).toThrow(
      /provider_egress_blocked_total/,
    );
    expect(partial.getSingleMetric("provider_requests_total")).toBeUndefined();
  });

  it("rejects caps that are not non-negative integers", () => {
    for (const bad of [-1, 1.5, Number.NaN]) {
      expect(() =>
        createProviderMetrics({ registry: new Registry(), maxModelsPerProvider: bad }),
      ).toThrow(RangeError);
      expect(() => createProviderMetrics({ registry: new Registry(), maxTenants: bad })).toThrow(
        RangeError,
      );
      expect(() =>
        createProviderMetrics({ registry: new Registry(), maxDistinctValues: bad }),
      ).toThrow(RangeError);
    }
  });
});
