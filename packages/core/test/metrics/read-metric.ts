import type { Registry } from "prom-client";

/** One sample as `registry.getMetricsAsJSON()` reports it. */
export interface Sample {
  labels: Record<string, string | number>;
  value: number;
  metricName?: string;
}

/** Every sample of metric `name`; empty if the metric has none. */
export async function samples(registry: Registry, name: string): Promise<Sample[]> {
  const all = await registry.getMetricsAsJSON();
  const metric = all.find((m) => m.name === name);
  if (metric === undefined) throw new Error(`metric ${name} is not registered`);
  return metric.values as Sample[];
}

/** The value of the sample of `name` (optionally a `_count`/`_sum` suffix) whose labels equal `labels` exactly. */
export async function sampleValue(
  registry: Registry,
  name: string,
  labels: Record<string, string>,
  suffix = "",
): Promise<number | undefined> {
  const wanted = `${name}${suffix}`;
  const match = (await samples(registry, name)).find(
    (s) => (s.metricName ?? name) === wanted && sameLabels(s.labels, labels),
  );
  return match?.value;
}

function sameLabels(a: Record<string, string | number>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => String(a[k]) === b[k]);
}
