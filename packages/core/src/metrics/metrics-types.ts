import type { Registry } from "prom-client";
import type { Usage } from "../types/usage.js";

/** Why a provider's client was rebuilt. */
export type ClientRotationReason = "credential_change" | "error" | "manual";

/** Circuit breaker states, as the seed's gauge encodes them. */
export type CircuitBreakerState = 0 | 1 | 2;

/** Labels that identify one provider call. */
export interface RequestLabels {
  provider: string;
  model?: string;
  /** `chat`, `stream`, `embed`, `probe`, `list_models`. Defaults to `chat`. */
  operation?: string;
  /** Only used when the tenant label is enabled. */
  tenantId?: string;
}

/** The error fields a timer records. A {@link ProviderError} satisfies it. */
export interface RecordableError {
  status?: number;
  code?: string;
  retryable?: boolean;
}

/**
 * Tracks one provider call from start to end. Exactly one of `success`,
 * `error` or `cancel` takes effect; later calls are ignored, so the active
 * gauge cannot drift.
 */
export interface RequestTimer {
  /** Records time to first token, once; later calls are ignored. */
  firstToken(): void;
  success(usage?: Partial<Usage>): void;
  error(err: RecordableError): void;
  /** The consumer stopped early (a stream closed by the client). */
  cancel(): void;
  readonly ended: boolean;
}

/**
 * The provider metrics, registered on a registry the app owns. Label values
 * are bounded: unknown models past a per-provider cap are folded into `other`.
 */
export interface ProviderMetrics {
  readonly registry: Registry;
  /** Starts a timer for one call; increments requests and the active gauge. */
  startRequest(labels: RequestLabels): RequestTimer;
  recordClientRotation(provider: string, reason: ClientRotationReason, tenantId?: string): void;
  /** One retry about to happen; `reason` is a status code or an error code. */
  recordRetry(provider: string, reason: string, model?: string): void;
  recordRateLimit(provider: string, model?: string, tenantId?: string): void;
  /** An egress attempt the policy refused (`enforce`) or would have refused (`report-only`). */
  recordEgressBlocked(provider: string, reason: string, mode: "enforce" | "report-only"): void;
  setCircuitBreakerState(provider: string, state: CircuitBreakerState, tenantId?: string): void;
}
