import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import { PROVIDER_METRIC_NAMES } from "./metric-names.js";

/** The prom-client metrics behind one `ProviderMetrics`; internal to this folder. */
export interface ProviderInstruments {
  readonly requestDuration: Histogram<string>;
  readonly requests: Counter<string>;
  readonly errors: Counter<string>;
  readonly tokenUsage: Counter<string>;
  readonly activeRequests: Gauge<string>;
  readonly clientRotations: Counter<string>;
  readonly circuitBreakerState: Gauge<string>;
  readonly rateLimitHits: Counter<string>;
  readonly retries: Counter<string>;
  readonly timeToFirstToken: Histogram<string>;
  readonly egressBlocked: Counter<string>;
}

/** What {@link registerProviderInstruments} needs to shape the metrics. */
export interface InstrumentOptions {
  readonly tenantLabel: boolean;
  readonly durationBuckets: readonly number[];
  readonly ttftBuckets: readonly number[];
  /**
   * Writes buffered request, in-flight and token counts into their metrics;
   * run by those metrics' `collect` hook, so any read (scrape, JSON, a
   * single metric) sees current values.
   */
  readonly flush: () => void;
}

/**
 * Registers every provider metric on `registry`, and on no other registry:
 * prom-client falls back to its global registry when `registers` is omitted,
 * which would make two gateways in one process (or two tests) collide.
 *
 * @throws Error when any provider metric already exists on `registry`, before
 *   registering anything, so a failed call leaves the registry untouched.
 */
export function registerProviderInstruments(
  registry: Registry,
  options: InstrumentOptions,
): ProviderInstruments {
  for (const name of Object.values(PROVIDER_METRIC_NAMES)) {
    if (registry.getSingleMetric(name) !== undefined) {
      throw new Error(
        `Provider metrics are already registered on this registry ("${name}" exists). ` +
          "Reuse the ProviderMetrics returned by the first createProviderMetrics() call, " +
          "or pass a new Registry.",
      );
    }
  }

  const registers = [registry];
  // A fresh closure so `this` (the metric prom-client passes) is ignored.
  const collect = (): void => options.flush();
  const tenant = (labels: string[]): string[] =>
    options.tenantLabel ? [...labels, "tenant"] : labels;
  const names = PROVIDER_METRIC_NAMES;

  return {
    requestDuration: new Histogram({
      name: names.requestDuration,
      help: "Duration of provider calls in seconds, by outcome.",
      labelNames: tenant(["provider", "model", "operation", "status"]),
      buckets: [...options.durationBuckets],
      registers,
    }),
    requests: new Counter({
      name: names.requests,
      help: "Provider calls started.",
      labelNames: tenant(["provider", "model", "operation"]),
      registers,
      collect,
    }),
    errors: new Counter({
      name: names.errors,
      help: "Provider calls that failed, by error code (or retryability) and HTTP status.",
      labelNames: tenant(["provider", "model", "operation", "error_type", "status_code"]),
      registers,
    }),
    tokenUsage: new Counter({
      name: names.tokenUsage,
      help: "Tokens reported by providers, by token type.",
      labelNames: tenant(["provider", "model", "type"]),
      registers,
      collect,
    }),
    activeRequests: new Gauge({
      name: names.activeRequests,
      help: "Provider calls in flight.",
      labelNames: tenant(["provider", "model", "operation"]),
      registers,
      collect,
    }),
    clientRotations: new Counter({
      name: names.clientRotations,
      help: "Provider clients rebuilt, by reason.",
      labelNames: tenant(["provider", "reason"]),
      registers,
    }),
    circuitBreakerState: new Gauge({
      name: names.circuitBreakerState,
      help: "Circuit breaker state per provider: 0 closed, 1 open, 2 half-open.",
      labelNames: tenant(["provider"]),
      registers,
    }),
    rateLimitHits: new Counter({
      name: names.rateLimitHits,
      help: "Rate-limit responses (HTTP 429) from providers.",
      labelNames: tenant(["provider", "model"]),
      registers,
    }),
    retries: new Counter({
      name: names.retries,
      help: "Retries of provider calls, by status code or error code.",
      labelNames: ["provider", "model", "reason"],
      registers,
    }),
    timeToFirstToken: new Histogram({
      name: names.timeToFirstToken,
      help: "Time from the start of a provider call to its first streamed token, in seconds.",
      labelNames: tenant(["provider", "model", "operation"]),
      buckets: [...options.ttftBuckets],
      registers,
    }),
    egressBlocked: new Counter({
      name: names.egressBlocked,
      help: "Outbound requests the egress policy refused (enforce) or would have refused (report-only).",
      labelNames: ["provider", "reason", "mode"],
      registers,
    }),
  };
}
