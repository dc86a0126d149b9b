import { Registry } from "prom-client";
import { beforeEach, describe, expect, it, vi } from "vitest";
import {
  createProviderMetrics,
  type ProviderMetrics,
  ProviderRequestTimer,
  type RecordableError,
} from "../../src/metrics/index.js";
import { samples, sampleValue } from "./read-metric.js";

const base = { provider: "openai", model: "gpt-4o", operation: "chat" };

describe("ProviderRequestTimer", () => {
  let registry: Registry;
  let metrics: ProviderMetrics;

  beforeEach(() => {
    registry = new Registry();
    metrics = createProviderMetrics({ registry });
  });

  const active = () => sampleValue(registry, "provider_active_requests", base);
  const durationCount = (status: string) =>
    sampleValue(registry, "provider_request_duration_seconds", { ...base, status }, "_count");

  it("counts the request and raises the active gauge at start", async () => {
    const timer = metrics.startRequest(base);
    expect(await sampleValue(registry, "provider_requests_total", base)).toBe(1);
    expect(await active()).toBe(1);
    expect(timer.ended).toBe(false);
  });

  it("returns the gauge to 0 after success and observes a success duration", async () => {
    const timer = metrics.startRequest(base);
    timer.success();
    expect(timer.ended).toBe(true);
    expect(await active()).toBe(0);
    expect(await durationCount("success")).toBe(1);
    expect(await durationCount("error")).toBeUndefined();
  });

  it("returns the gauge to 0 after error and counts the error", async () => {
    metrics.startRequest(base).error({ status: 500, code: "server_error", retryable: true });
    expect(await active()).toBe(0);
    expect(await durationCount("error")).toBe(1);
    expect(
      await sampleValue(registry, "provider_errors_total", {
        ...base,
        error_type: "server_error",
        status_code: "500",
      }),
    ).toBe(1);
    expect(await samples(registry, "provider_rate_limit_hits_total")).toEqual([]);
  });

  it("returns the gauge to 0 after cancel", async () => {
    metrics.startRequest(base).cancel();
    expect(await active()).toBe(0);
    expect(await durationCount("cancelled")).toBe(1);
  });

  it("lets only the first end call take effect", async () => {
    const timer = metrics.startRequest(base);
    timer.success({ promptTokens: 3 });
    timer.error({ status: 429 });
    timer.cancel();
    timer.success({ promptTokens: 5 });
    expect(await active()).toBe(0);
    expect(await durationCount("success")).toBe(1);
    expect(await durationCount("error")).toBeUndefined();
    expect(await durationCount("cancelled")).toBeUndefined();
    expect(await samples(registry, "provider_errors_total")).toEqual([]);
    expect(await samples(registry, "provider_rate_limit_hits_total")).toEqual([]);
    expect(
      await sampleValue(registry, "provider_token_usage_total", {
        provider: "openai",
        model: "gpt-4o",
        type: "prompt",
      }),
    ).toBe(3);
  });

  it("keeps the gauge exact across many concurrent calls ending every way", async () => {
    const timers = Array.from({ length: 30 }, () => metrics.startRequest(base));
    expect(await active()).toBe(30);
    timers.forEach((t, i) => {
      if (i % 3 === 0) t.success();
      else if (i % 3 === 1) t.error({ retryable: false });
      else t.cancel();
      t.cancel();
    });
    expect(await active()).toBe(0);
  });

  it("decrements the label set it incremented even when the model was folded", async () => {
    const capped = createProviderMetrics({ registry: new Registry(), maxModelsPerProvider: 1 });
    const a = capped.startRequest({ provider: "p", model: "m1" });
    const b = capped.startRequest({ provider: "p", model: "m2" });
    const c = capped.startRequest({ provider: "p", model: "m3" });
    a.success();
    b.error({});
    c.cancel();
    const gauge = await samples(capped.registry, "provider_active_requests");
    expect(gauge.map((s) => [s.labels.model, s.value])).toEqual([
      ["m1", 0],
      ["other", 0],
    ]);
  });

  it("defaults operation to chat and model to unknown", async () => {
    metrics.startRequest({ provider: "openai" }).success();
    expect(
      await sampleValue(registry, "provider_requests_total", {
        provider: "openai",
        model: "unknown",
        operation: "chat",
      }),
    ).toBe(1);
  });

  it("observes time to first token once, and not after the call ended", async () => {
    vi.useFakeTimers({ toFake: ["performance"] });
    try {
      const timer = metrics.startRequest(base);
      vi.advanceTimersByTime(300);
      timer.firstToken();
      vi.advanceTimersByTime(500);
      timer.firstToken();
      timer.success();
      const late = metrics.startRequest(base);
      late.cancel();
      late.firstToken();

      const ttft = "provider_time_to_first_token_seconds";
      expect(await sampleValue(registry, ttft, base, "_count")).toBe(1);
      expect(await sampleValue(registry, ttft, base, "_sum")).toBeCloseTo(0.3, 6);
      expect(await sampleValue(registry, ttft, { ...base, le: "0.25" }, "_bucket")).toBe(0);
      expect(await sampleValue(registry, ttft, { ...base, le: "0.5" }, "_bucket")).toBe(1);
      expect(
        await sampleValue(
          registry,
          "provider_request_duration_seconds",
          { ...base, status: "success" },
          "_sum",
        ),
      ).toBeCloseTo(0.8, 6);
    } finally {
      vi.useRealTimers();
    }
  });

  it("counts every positive token type and skips zero, negative and non-finite counts", async () => {
    metrics.startRequest(base).success({
      promptTokens: 10,
      completionTokens: 20,
      totalTokens: 30,
      cachedPromptTokens: 4,
      cacheWritePromptTokens: 2,
      reasoningTokens: 7,
    });
    metrics.startRequest(base).success({
      promptTokens: 1,
      completionTokens: 0,
      totalTokens: Number.NaN,
      reasoningTokens: -3,
      cachedPromptTokens: Number.POSITIVE_INFINITY,
    });
    const tokens = await samples(registry, "provider_token_usage_total");
    const byType = Object.fromEntries(tokens.map((s) => [s.labels.type, s.value]));
    expect(byType).toEqual({
      prompt: 11,
      completion: 20,
      total: 30,
      cached_prompt: 4,
      cache_write_prompt: 2,
      reasoning: 7,
    });
    for (const s of tokens) {
      expect(Object.keys(s.labels).sort()).toEqual(["model", "provider", "type"]);
    }
  });

  it("counts a rate-limit hit on 429 and labels errors by retryability without a code", async () => {
    metrics.startRequest(base).error({ status: 429, retryable: true });
    metrics.startRequest(base).error({ retryable: false });
    expect(
      await sampleValue(registry, "provider_rate_limit_hits_total", {
        provider: "openai",
        model: "gpt-4o",
      }),
    ).toBe(1);
    expect(
      await sampleValue(registry, "provider_errors_total", {
        ...base,
        error_type: "retryable",
        status_code: "429",
      }),
    ).toBe(1);
    expect(
      await sampleValue(registry, "provider_errors_total", {
        ...base,
        error_type: "non_retryable",
        status_code: "none",
      }),
    ).toBe(1);
  });

  it("survives a non-object error from a catch clause", async () => {
    const timer = metrics.startRequest(base);
    expect(() => timer.error("boom" as unknown as RecordableError)).not.toThrow();
    expect(await active()).toBe(0);
    expect(
      await sampleValue(registry, "provider_errors_total", {
        ...base,
        error_type: "non_retryable",
        status_code: "none",
      }),
    ).toBe(1);
  });

  it("works when constructed directly", async () => {
    const timer = new ProviderRequestTimer(metrics, base);
    expect(await active()).toBe(1);
    timer.success();
    expect(await active()).toBe(0);
  });

  it("rejects metrics that createProviderMetrics did not make", () => {
    const foreign = { ...metrics } as ProviderMetrics;
    expect(() => new ProviderRequestTimer(foreign, base)).toThrow(TypeError);
  });
});
