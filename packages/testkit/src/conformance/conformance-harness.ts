import {
  createEgressFetch,
  createEgressPolicy,
  createProviderMetrics,
  type EgressFetch,
  type EgressMode,
  type ModelProvider,
  type PluginManifest,
  type ProviderPlugin,
} from "@oss-ai-agent-tool/core";
import { Registry } from "prom-client";
import { type CapturingLogger, createCapturingLogger } from "../doubles/capturing-logger.js";
import { MemorySecretsStore } from "../doubles/memory-secrets-store.js";
import { createMockUpstream, type MockUpstream } from "../mock-upstream/index.js";

/** Settings a conformance test may ask the provider to apply. */
export interface HarnessOverrides {
  timeoutMs?: number;
  retryAttempts?: number;
}

/** Everything one conformance test works with; `close()` releases all of it. */
export interface Harness {
  upstream: MockUpstream;
  provider: ModelProvider;
  registry: Registry;
  secrets: MemorySecretsStore;
  logger: CapturingLogger;
  fetch: EgressFetch;
  close(): Promise<void>;
}

/** How to build a provider for a test. */
export interface HarnessSpec<TSettings> {
  plugin: ProviderPlugin<TSettings>;
  manifest: PluginManifest;
  settings(upstreamUrl: string, overrides: HarnessOverrides): TSettings;
  credentials: Record<string, string>;
}

/**
 * Starts a mock upstream and builds the provider the way the orchestrator
 * does: fresh metrics on an own registry, an in-memory secrets store, a
 * capturing logger, and core's egress fetch (loopback allowed, unless the
 * test asks for an empty allowlist).
 */
export async function startHarness<TSettings>(
  spec: HarnessSpec<TSettings>,
  options: { overrides?: HarnessOverrides; egressAllow?: string[]; egressMode?: EgressMode } = {},
): Promise<Harness> {
  const upstream = await createMockUpstream();
  const registry = new Registry();
  const metrics = createProviderMetrics({ registry });
  const logger = createCapturingLogger();
  const secrets = new MemorySecretsStore(spec.credentials);
  const policy = createEgressPolicy(
    { mode: options.egressMode ?? "enforce", allow: options.egressAllow ?? ["127.0.0.1"] },
    { metrics, logger },
  );
  const fetch = createEgressFetch(policy, spec.manifest.id);
  let provider: ModelProvider;
  try {
    provider = await spec.plugin.create({
      secrets,
      settings: spec.settings(upstream.url, options.overrides ?? {}),
      fetch,
      metrics,
      logger,
      manifest: spec.manifest,
    });
  } catch (err) {
    await fetch.close();
    await upstream.close();
    throw err;
  }
  return {
    upstream,
    provider,
    registry,
    secrets,
    logger,
    fetch,
    async close() {
      await provider.close?.();
      await fetch.close();
      await upstream.close();
    },
  };
}

/** Reads one sample of a metric from a registry; 0 when absent. */
export async function metricValue(
  registry: Registry,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const metrics = await registry.getMetricsAsJSON();
  const metric = metrics.find((m) => m.name === name);
  if (!metric) return 0;
  // For a histogram, count observations; for counters and gauges, sum the values.
  const wanted = String(metric.type) === "histogram" ? `${name}_count` : undefined;
  let total = 0;
  for (const value of metric.values as Array<{
    value: number;
    labels: Record<string, string | number>;
    metricName?: string;
  }>) {
    if (wanted !== undefined && value.metricName !== wanted) continue;
    if (Object.entries(labels).every(([k, v]) => String(value.labels[k]) === v))
      total += value.value;
  }
  return total;
}
