/**
 * Provider metrics: Prometheus metrics for every provider call, registered on
 * a registry the app owns, with bounded label cardinality.
 */

export {
  BoundedLabel,
  MAX_LABEL_VALUE_LENGTH,
  OTHER_LABEL_VALUE,
  truncateLabelValue,
} from "./bounded-label.js";
export { createProviderMetrics, type ProviderMetricsOptions } from "./create-provider-metrics.js";
export {
  DEFAULT_DURATION_BUCKETS,
  DEFAULT_TTFT_BUCKETS,
  PROVIDER_METRIC_NAMES,
  type ProviderMetricName,
} from "./metric-names.js";
export type * from "./metrics-types.js";
export { ProviderRequestTimer } from "./provider-request-timer.js";
