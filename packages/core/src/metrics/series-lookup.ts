import type { ProviderMetrics, RequestLabels } from "./metrics-types.js";
import type { RequestSeries } from "./request-series.js";

/** Finds (or builds) the cached series for one request's labels. */
export type SeriesLookup = (labels: RequestLabels) => RequestSeries;

// A WeakMap rather than a method on ProviderMetrics keeps the public interface
// unchanged and lets a metrics object be collected with its registry.
const lookups = new WeakMap<ProviderMetrics, SeriesLookup>();

/** Lets `ProviderRequestTimer` find the series of metrics built by `createProviderMetrics`. */
export function bindSeriesLookup(metrics: ProviderMetrics, lookup: SeriesLookup): void {
  lookups.set(metrics, lookup);
}

/**
 * @throws TypeError when `metrics` did not come from `createProviderMetrics`,
 *   since only those own the cached series a timer writes to.
 */
export function lookupRequestSeries(
  metrics: ProviderMetrics,
  labels: RequestLabels,
): RequestSeries {
  const lookup = lookups.get(metrics);
  if (lookup === undefined) {
    throw new TypeError(
      "ProviderRequestTimer needs a ProviderMetrics made by createProviderMetrics()",
    );
  }
  return lookup(labels);
}
