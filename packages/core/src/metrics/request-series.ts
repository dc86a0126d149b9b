import type { Counter, Gauge, Histogram } from "prom-client";
import type { Usage } from "../types/usage.js";
import type { RecordableError } from "./metrics-types.js";
import type { ProviderInstruments } from "./provider-instruments.js";
import type { ProviderLabelResolver } from "./provider-label-resolver.js";

/** Which {@link Usage} field feeds which `type` label of the token counter. */
const TOKEN_TYPES = [
  ["promptTokens", "prompt"],
  ["completionTokens", "completion"],
  ["totalTokens", "total"],
  ["cachedPromptTokens", "cached_prompt"],
  ["cacheWritePromptTokens", "cache_write_prompt"],
  ["reasoningTokens", "reasoning"],
] as const satisfies readonly (readonly [keyof Usage, string])[];

/** A label set as prom-client takes it. */
type Labels = Record<string, string>;

/**
 * Everything one (provider, model, operation, tenant) tuple writes to, built
 * once and cached by the metrics object.
 *
 * Why it exists: every prom-client write validates the label object, joins it
 * into a string key and looks that key up, which costs far more than the
 * rest of a request's bookkeeping. So the request counter, the active gauge
 * and the token counters are kept as plain numbers here and handed to
 * prom-client in {@link flush}, which the metrics' `collect` hook runs at
 * scrape time: one prom-client write per series per scrape instead of several
 * per request. Histograms cannot be fed that way without buffering every
 * observation, so durations go straight to cached `labels()` children.
 *
 * Keeping the in-flight count here also fixes the seed's drift for good: the
 * increment and the decrement touch the same field of the same object.
 */
export class RequestSeries {
  /** `provider_request_duration_seconds` with `status="success"`. */
  readonly durationSuccess: Histogram.Internal<string>;
  /** `provider_request_duration_seconds` with `status="error"`. */
  readonly durationError: Histogram.Internal<string>;
  /** `provider_request_duration_seconds` with `status="cancelled"`. */
  readonly durationCancelled: Histogram.Internal<string>;
  /** `provider_time_to_first_token_seconds`. */
  readonly timeToFirstToken: Histogram.Internal<string>;
  readonly #requests: Counter.Internal;
  readonly #active: Gauge.Internal<string>;
  readonly #rateLimitHits: Counter.Internal;
  readonly #tokenChildren: readonly Counter.Internal[];
  readonly #errors: Counter<string>;
  readonly #baseLabels: Labels;
  readonly #resolver: ProviderLabelResolver;
  #pendingRequests = 0;
  #activeCount = 0;
  // Indexed like TOKEN_TYPES; a plain array of numbers stays a packed double array in V8.
  readonly #pendingTokens: number[] = TOKEN_TYPES.map(() => 0);

  /**
   * @param instruments - The metrics to take children from.
   * @param resolver - Bounds the error labels, which vary per call.
   * @param provider - Resolved `provider` label.
   * @param model - Resolved `model` label.
   * @param operation - Resolved `operation` label.
   * @param tenant - Resolved `tenant` label, or `undefined` when the label is disabled.
   */
  constructor(
    instruments: ProviderInstruments,
    resolver: ProviderLabelResolver,
    provider: string,
    model: string,
    operation: string,
    tenant: string | undefined,
  ) {
    // The tenant key must be absent, not undefined, when disabled: prom-client rejects unknown label names.
    const withTenant = (labels: Labels): Labels =>
      tenant === undefined ? labels : { ...labels, tenant };
    const base = withTenant({ provider, model, operation });
    this.#baseLabels = base;
    this.#resolver = resolver;
    this.#errors = instruments.errors;
    this.#requests = instruments.requests.labels(base);
    this.#active = instruments.activeRequests.labels(base);
    this.durationSuccess = instruments.requestDuration.labels({ ...base, status: "success" });
    this.durationError = instruments.requestDuration.labels({ ...base, status: "error" });
    this.durationCancelled = instruments.requestDuration.labels({ ...base, status: "cancelled" });
    this.timeToFirstToken = instruments.timeToFirstToken.labels(base);
    this.#rateLimitHits = instruments.rateLimitHits.labels(withTenant({ provider, model }));
    this.#tokenChildren = TOKEN_TYPES.map(([, type]) =>
      instruments.tokenUsage.labels(withTenant({ provider, model, type })),
    );
  }

  /** One call started: counts it and raises the in-flight count. */
  start(): void {
    this.#pendingRequests++;
    this.#activeCount++;
  }

  /** One call ended, however it ended: lowers the in-flight count. */
  finish(): void {
    this.#activeCount--;
  }

  /** Adds every positive, finite token count in `usage` to the pending token counts. */
  recordUsage(usage: Partial<Usage>): void {
    for (let i = 0; i < TOKEN_TYPES.length; i++) {
      const value = usage[TOKEN_TYPES[i]![0]];
      // A counter cannot go down, and providers do send 0, negative or NaN placeholders.
      if (typeof value === "number" && value > 0 && Number.isFinite(value)) {
        this.#pendingTokens[i]! += value;
      }
    }
  }

  /** Counts one failed call; errors are rare, so it writes through at once. */
  recordError(err: RecordableError): void {
    this.#errors.inc({
      ...this.#baseLabels,
      error_type: this.#resolver.errorType(err.code, err.retryable),
      status_code: this.#resolver.statusCode(err.status),
    });
    if (err.status === 429) this.#rateLimitHits.inc();
  }

  /**
   * Hands the pending counts to prom-client. Idempotent between calls, so
   * every buffered metric's `collect` hook can run it.
   */
  flush(): void {
    if (this.#pendingRequests > 0) {
      this.#requests.inc(this.#pendingRequests);
      this.#pendingRequests = 0;
    }
    // Set, not inc/dec: the gauge then shows the true in-flight count even after a registry reset.
    this.#active.set(this.#activeCount);
    for (let i = 0; i < this.#pendingTokens.length; i++) {
      const pending = this.#pendingTokens[i]!;
      if (pending > 0) {
        this.#tokenChildren[i]!.inc(pending);
        this.#pendingTokens[i] = 0;
      }
    }
  }
}
