import { redactSecrets } from "@oss-ai-agent-tool/core";
import type { FastifyInstance } from "fastify";
import type { Gateway } from "../../gateway/create-gateway.js";
import { providerHealthStatus } from "../../health/provider-status.js";
import { runProbe } from "../../health/run-probe.js";
import type { PluginRecord } from "../../plugins/index.js";

/** What the health routes need besides the gateway. */
export interface HealthRouteOptions {
  /** True once SIGTERM has started draining: readiness turns 503 so load balancers stop sending. */
  isDraining(): boolean;
}

async function describe(gateway: Gateway, record: PluginRecord, test: boolean) {
  const { config, host, health } = gateway;
  const base = {
    id: record.id,
    displayName: record.manifest?.displayName,
    package: record.packageName,
    version: record.version,
    source: record.source,
    aliases: record.manifest?.aliases ?? [],
  };
  if (record.status !== "enabled") {
    return {
      ...base,
      status: record.status,
      reason: record.reason,
      ...(record.status === "unconfigured"
        ? {
            missingCredentials: record.missing.flatMap((m) => m.env),
            ...(record.settingsIssues.length ? { missingSettings: record.settingsIssues } : {}),
          }
        : {}),
    };
  }
  const h = health.for(record.id);
  let probe:
    | { ok: boolean; latencyMs: number; detail?: string; at: string; cached: boolean }
    | undefined;
  if (test) {
    try {
      const provider = await host.provider(record.id);
      const run = await runProbe(provider, h, {
        timeoutMs: config.health.probeTimeoutMs,
        cacheMs: config.health.probeCacheMs,
      });
      probe = {
        ok: run.result.ok,
        latencyMs: Math.round(run.result.latencyMs),
        ...(run.result.detail ? { detail: redactSecrets(run.result.detail) } : {}),
        at: new Date(run.at).toISOString(),
        cached: run.cached,
      };
    } catch (err) {
      // Loading failed: the record is now `broken`, reported below with its reason.
      probe = {
        ok: false,
        latencyMs: 0,
        detail: (err as Error).message,
        at: new Date().toISOString(),
        cached: false,
      };
    }
  } else if (h.probe && !h.probe.pending && Date.now() - h.probe.at < config.health.probeCacheMs) {
    probe = {
      ok: h.probe.result.ok,
      latencyMs: Math.round(h.probe.result.latencyMs),
      ...(h.probe.result.detail ? { detail: redactSecrets(h.probe.result.detail) } : {}),
      at: new Date(h.probe.at).toISOString(),
      cached: true,
    };
  }
  if (record.status !== "enabled") {
    return { ...base, status: record.status, reason: record.reason };
  }
  const window = h.window.snapshot();
  const circuit = h.breaker.state;
  const status = providerHealthStatus({
    pluginStatus: record.status,
    circuit,
    window,
    ...(probe ? { probe: { ok: probe.ok, latencyMs: probe.latencyMs } } : {}),
    degradedErrorRate: config.health.degradedErrorRate,
  });
  return {
    ...base,
    status,
    loaded: host.isLoaded(record.id),
    circuit,
    recent: {
      windowSeconds: 60,
      requests: window.requests,
      errors: window.errors,
      errorRate: window.errorRate,
    },
    lastError: h.lastError.value ?? null,
    ...(probe ? { probe } : {}),
  };
}

/**
 * `/healthz` (the process is up), `/readyz` (discovery done and not
 * draining) and `/health/providers` (every discovered plugin; `?test=true`
 * probes the enabled ones concurrently, each under a timeout, with results
 * cached briefly).
 */
export function registerHealthRoutes(
  app: FastifyInstance,
  gateway: Gateway,
  options: HealthRouteOptions,
): void {
  app.get("/healthz", async () => ({ status: "ok" }));

  app.get("/readyz", async (_request, reply) => {
    const records = gateway.host.records();
    const body = {
      status: options.isDraining() ? "draining" : "ready",
      providers: {
        enabled: records.filter((r) => r.status === "enabled").length,
        broken: records.filter((r) => r.status === "broken").length,
      },
    };
    return reply.code(options.isDraining() ? 503 : 200).send(body);
  });

  app.get<{ Querystring: { test?: string } }>("/health/providers", async (request) => {
    const test = request.query.test === "true" || request.query.test === "1";
    const providers = await Promise.all(
      gateway.host.records().map((r) => describe(gateway, r, test)),
    );
    const enabled = providers.filter(
      (p) => !["disabled", "unconfigured", "broken"].includes(p.status),
    );
    const overall =
      enabled.length === 0
        ? "no_providers"
        : enabled.every((p) => p.status === "healthy")
          ? "healthy"
          : enabled.some((p) => p.status === "healthy" || p.status === "degraded")
            ? "degraded"
            : enabled.every((p) => p.status === "unknown")
              ? "unknown"
              : "unhealthy";
    return { status: overall, tested: test, checkedAt: new Date().toISOString(), providers };
  });
}
