import type { ProbeResult, ProviderError, ProviderMetrics } from "@oss-ai-agent-tool/core";
import {
  CircuitBreaker,
  LastErrorHolder,
  OutcomeWindow,
  toCircuitBreakerState,
} from "../resilience/index.js";

/** The passive and active health of one provider. */
export interface ProviderHealth {
  readonly breaker: CircuitBreaker;
  readonly window: OutcomeWindow;
  readonly lastError: LastErrorHolder;
  /** The last probe, reused for `probeCacheMs`. */
  probe?: { result: ProbeResult; at: number; pending?: Promise<ProbeResult> };
}

/** Options of {@link ProviderHealthRegistry}. */
export interface ProviderHealthRegistryOptions {
  metrics: ProviderMetrics;
  failureThreshold: number;
  cooldownMs: number;
}

/**
 * How an outcome counts: `failure` says something about the provider (5xx,
 * 429, timeouts, network, the upstream refusing our credentials); `neutral`
 * says nothing (the client aborted); `ok` is everything else, client-side
 * mistakes included, since the provider answered correctly.
 */
export type OutcomeKind = "ok" | "failure" | "neutral";

/** Classifies a normalized error for the breaker and the error rate. */
export function classifyOutcome(err: ProviderError): OutcomeKind {
  if (err.status === 499) return "neutral";
  if (err.retryable || err.status >= 500 || err.status === 401 || err.status === 403) {
    return "failure";
  }
  return "ok";
}

/**
 * Per-provider circuit breaker, rolling error rate and last error, created on
 * first use. Breaker transitions are exported as
 * `provider_circuit_breaker_state`.
 */
export class ProviderHealthRegistry {
  readonly #byId = new Map<string, ProviderHealth>();
  readonly #options: ProviderHealthRegistryOptions;

  constructor(options: ProviderHealthRegistryOptions) {
    this.#options = options;
  }

  /** The health record of `id`, created (closed circuit) on first use. */
  for(id: string): ProviderHealth {
    let health = this.#byId.get(id);
    if (health === undefined) {
      const { metrics, failureThreshold, cooldownMs } = this.#options;
      health = {
        breaker: new CircuitBreaker({
          failureThreshold,
          cooldownMs,
          onStateChange: (state) =>
            metrics.setCircuitBreakerState(id, toCircuitBreakerState(state)),
        }),
        window: new OutcomeWindow(),
        lastError: new LastErrorHolder(),
      };
      metrics.setCircuitBreakerState(id, 0);
      this.#byId.set(id, health);
    }
    return health;
  }

  /** Records a success: closes a half-open circuit. */
  success(id: string): void {
    const h = this.for(id);
    h.breaker.recordSuccess();
    h.window.record(true);
  }

  /** Records a failed call by its class (see {@link classifyOutcome}). */
  failure(id: string, err: ProviderError): void {
    const h = this.for(id);
    const kind = classifyOutcome(err);
    if (kind === "failure") {
      h.breaker.recordFailure();
      h.window.record(false);
      h.lastError.record(err);
    } else if (kind === "ok") {
      h.breaker.recordNeutral();
      h.window.record(true);
      h.lastError.record(err);
    } else {
      h.breaker.recordNeutral();
    }
  }

  /** Releases a half-open trial slot without judging (the call never reached the provider). */
  neutral(id: string): void {
    this.for(id).breaker.recordNeutral();
  }
}
