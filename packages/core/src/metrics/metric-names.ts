/**
 * The metric names the provider metrics register. They are kept from the
 * system this package grew out of so existing dashboards and alerts keep
 * working; renaming one is a breaking change for operators.
 */
export const PROVIDER_METRIC_NAMES = {
  requestDuration: "provider_request_duration_seconds",
  requests: "provider_requests_total",
  errors: "provider_errors_total",
  tokenUsage: "provider_token_usage_total",
  activeRequests: "provider_active_requests",
  clientRotations: "provider_client_rotations_total",
  circuitBreakerState: "provider_circuit_breaker_state",
  rateLimitHits: "provider_rate_limit_hits_total",
  retries: "provider_retries_total",
  timeToFirstToken: "provider_time_to_first_token_seconds",
  egressBlocked: "provider_egress_blocked_total",
} as const;

/** One of the names in {@link PROVIDER_METRIC_NAMES}. */
export type ProviderMetricName = (typeof PROVIDER_METRIC_NAMES)[keyof typeof PROVIDER_METRIC_NAMES];

/** Request duration buckets, in seconds; they span a cached hit to a long generation. */
export const DEFAULT_DURATION_BUCKETS: readonly number[] = Object.freeze([
  0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60,
]);

/**
 * Time-to-first-token buckets, in seconds. Finer below 2 s than the duration
 * buckets, because that is where streaming latency is felt and compared.
 */
export const DEFAULT_TTFT_BUCKETS: readonly number[] = Object.freeze([
  0.05, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 20, 30,
]);
