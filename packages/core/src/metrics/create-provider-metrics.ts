import type { Registry } from "prom-client";
import { DEFAULT_DURATION_BUCKETS, DEFAULT_TTFT_BUCKETS } from "./metric-names.js";
import type {
  CircuitBreakerState,
  ClientRotationReason,
  ProviderMetrics,
  RequestLabels,
  RequestTimer,
} from "./metrics-types.js";
import { type ProviderInstruments, registerProviderInstruments } from "./provider-instruments.js";
import { ProviderLabelResolver } from "./provider-label-resolver.js";
import { ProviderRequestTimer } from "./provider-request-timer.js";
import { RequestSeries } from "./request-series.js";
import { bindSeriesLookup } from "./series-lookup.js";

/** Options for {@link createProviderMetrics}. */
export interface ProviderMetricsOptions {
  /** The registry to register on. Required: the global default registry is never used. */
  registry: Registry;
  /** Adds a `tenant` label to the per-tenant metrics. Off by default: the label is then absent. */
  tenantLabel?: boolean;
  /** Distinct models kept per provider before further models fold into `other`. Default 50. */
  maxModelsPerProvider?: number;
  /** Distinct tenants kept before further tenants fold into `other`. Default 100. */
  maxTenants?: number;
  /** Buckets of `provider_request_duration_seconds`. Default {@link DEFAULT_DURATION_BUCKETS}. */
  durationBuckets?: number[];
  /** Buckets of `provider_time_to_first_token_seconds`. Default {@link DEFAULT_TTFT_BUCKETS}. */
  ttftBuckets?: number[];
  /**
   * Distinct values kept for each other free-text label (operation,
   * error_type, status_code, and the reason and mode labels) before further
   * values fold into `other`. Default 50.
   */
  maxDistinctValues?: number;
}

const DEFAULT_MAX_MODELS_PER_PROVIDER = 50;
const DEFAULT_MAX_TENANTS = 100;
const DEFAULT_MAX_DISTINCT_VALUES = 50;

/**
 * Creates the provider metrics and registers them on `options.registry`.
 *
 * One registry holds at most one set: a second call on the same registry
 * throws rather than silently returning the first set, because the second
 * caller's options (tenant label, buckets, caps) could differ and would be
 * ignored without a trace. Keep the returned object and share it instead.
 *
 * Request, in-flight and token counts are buffered as plain numbers and
 * written to prom-client by the metrics' `collect` hook, so they are current
 * on every registry read (`metrics()`, `getMetricsAsJSON()`, a single metric)
 * but not in prom-client's internal maps between reads.
 *
 * @throws Error when the provider metrics already exist on the registry; nothing is registered then.
 * @throws RangeError when a cap is not a non-negative integer.
 */
export function createProviderMetrics(options: ProviderMetricsOptions): ProviderMetrics {
  const tenantLabel = options.tenantLabel === true;
  const resolver = new ProviderLabelResolver({
    tenantLabel,
    maxModelsPerProvider: cap(
      "maxModelsPerProvider",
      options.maxModelsPerProvider,
      DEFAULT_MAX_MODELS_PER_PROVIDER,
    ),
    maxTenants: cap("maxTenants", options.maxTenants, DEFAULT_MAX_TENANTS),
    maxDistinctValues: cap(
      "maxDistinctValues",
      options.maxDistinctValues,
      DEFAULT_MAX_DISTINCT_VALUES,
    ),
  });
  // Filled by the metrics object; the collect hooks need it before that object exists.
  const allSeries: RequestSeries[] = [];
  const instruments = registerProviderInstruments(options.registry, {
    tenantLabel,
    durationBuckets: options.durationBuckets ?? DEFAULT_DURATION_BUCKETS,
    ttftBuckets: options.ttftBuckets ?? DEFAULT_TTFT_BUCKETS,
    flush: () => {
      for (const series of allSeries) series.flush();
    },
  });
  return new PrometheusProviderMetrics(options.registry, instruments, resolver, allSeries);
}

function cap(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${String(value)}`);
  }
  return value;
}

/** Nested maps rather than a joined string key, so a lookup builds no string. */
type SeriesCache = Map<string, Map<string, Map<string, Map<string, RequestSeries>>>>;

/** Key used in the tenant level of the cache when the tenant label is off. */
const NO_TENANT = "";

class PrometheusProviderMetrics implements ProviderMetrics {
  readonly registry: Registry;
  readonly #instruments: ProviderInstruments;
  readonly #labels: ProviderLabelResolver;
  // Bounded because every key level is a bounded label value (provider aside, which is config).
  readonly #series: SeriesCache = new Map();
  readonly #allSeries: RequestSeries[];

  constructor(
    registry: Registry,
    instruments: ProviderInstruments,
    labels: ProviderLabelResolver,
    allSeries: RequestSeries[],
  ) {
    this.registry = registry;
    this.#instruments = instruments;
    this.#labels = labels;
    this.#allSeries = allSeries;
    bindSeriesLookup(this, (requestLabels) => this.#seriesFor(requestLabels));
  }

  startRequest(labels: RequestLabels): RequestTimer {
    return new ProviderRequestTimer(this, labels);
  }

  recordClientRotation(provider: string, reason: ClientRotationReason, tenantId?: string): void {
    this.#instruments.clientRotations.inc(
      this.#withTenant(
        { provider: this.#labels.provider(provider), reason: this.#labels.rotationReason(reason) },
        tenantId,
      ),
    );
  }

  recordRetry(provider: string, reason: string, model?: string): void {
    const providerLabel = this.#labels.provider(provider);
    this.#instruments.retries.inc({
      provider: providerLabel,
      model: this.#labels.model(providerLabel, model),
      reason: this.#labels.retryReason(reason),
    });
  }

  recordRateLimit(provider: string, model?: string, tenantId?: string): void {
    const providerLabel = this.#labels.provider(provider);
    this.#instruments.rateLimitHits.inc(
      this.#withTenant(
        { provider: providerLabel, model: this.#labels.model(providerLabel, model) },
        tenantId,
      ),
    );
  }

  recordEgressBlocked(provider: string, reason: string, mode: "enforce" | "report-only"): void {
    this.#instruments.egressBlocked.inc({
      provider: this.#labels.provider(provider),
      reason: this.#labels.egressReason(reason),
      mode: this.#labels.egressMode(mode),
    });
  }

  setCircuitBreakerState(provider: string, state: CircuitBreakerState, tenantId?: string): void {
    this.#instruments.circuitBreakerState.set(
      this.#withTenant({ provider: this.#labels.provider(provider) }, tenantId),
      state,
    );
  }

  #withTenant(
    labels: Record<string, string>,
    tenantId: string | undefined,
  ): Record<string, string> {
    if (this.#labels.tenantLabel) labels.tenant = this.#labels.tenant(tenantId);
    return labels;
  }

  #seriesFor(labels: RequestLabels): RequestSeries {
    const resolver = this.#labels;
    const provider = resolver.provider(labels.provider);
    const model = resolver.model(provider, labels.model);
    const operation = resolver.operation(labels.operation);
    const tenant = resolver.tenantLabel ? resolver.tenant(labels.tenantId) : NO_TENANT;

    const byModel = getOrCreate(this.#series, provider);
    const byOperation = getOrCreate(byModel, model);
    const byTenant = getOrCreate(byOperation, operation);
    let series = byTenant.get(tenant);
    if (series === undefined) {
      series = new RequestSeries(
        this.#instruments,
        resolver,
        provider,
        model,
        operation,
        resolver.tenantLabel ? tenant : undefined,
      );
      byTenant.set(tenant, series);
      this.#allSeries.push(series);
    }
    return series;
  }
}

function getOrCreate<V>(map: Map<string, Map<string, V>>, key: string): Map<string, V> {
  let inner = map.get(key);
  if (inner === undefined) {
    inner = new Map();
    map.set(key, inner);
  }
  return inner;
}
