import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { createProviderMetrics } from "../../src/metrics/index.js";
import { sampleValue } from "./read-metric.js";

const base = { provider: "p", model: "m", operation: "chat" };

describe("buffered request, in-flight and token counts", () => {
  it("are current in every kind of read and are not counted twice by repeated reads", async () => {
    const registry = new Registry();
    const metrics = createProviderMetrics({ registry });
    metrics.startRequest(base).success({ totalTokens: 7 });
    const open = metrics.startRequest(base);

    expect(await registry.metrics()).toContain(
      'provider_requests_total{provider="p",model="m",operation="chat"} 2',
    );
    expect(await registry.getSingleMetricAsString("provider_active_requests")).toContain(
      'provider_active_requests{provider="p",model="m",operation="chat"} 1',
    );
    expect(await sampleValue(registry, "provider_requests_total", base)).toBe(2);
    expect(
      await sampleValue(registry, "provider_token_usage_total", {
        provider: "p",
        model: "m",
        type: "total",
      }),
    ).toBe(7);

    open.success({ totalTokens: 3 });
    metrics.startRequest(base).cancel();
    expect(await sampleValue(registry, "provider_requests_total", base)).toBe(3);
    expect(await sampleValue(registry, "provider_active_requests", base)).toBe(0);
    expect(
      await sampleValue(registry, "provider_token_usage_total", {
        provider: "p",
        model: "m",
        type: "total",
      }),
    ).toBe(10);
  });

  it("keep the in-flight gauge true after a registry reset", async () => {
    const registry = new Registry();
    const metrics = createProviderMetrics({ registry });
    const open = metrics.startRequest(base);
    registry.resetMetrics();
    expect(await sampleValue(registry, "provider_active_requests", base)).toBe(1);
    open.success();
    expect(await sampleValue(registry, "provider_active_requests", base)).toBe(0);
  });
});
