/** One sample line of Prometheus text: `name{label="value",...} number`. */
export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g;

/** Parses the sample lines of a Prometheus text exposition; comments are skipped. */
export function parsePrometheus(text: string): PromSample[] {
  const out: PromSample[] = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const match = SAMPLE.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? "").matchAll(LABEL)) labels[key!] = value!;
    out.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return out;
}

/**
 * The sum of the samples of `name` whose labels include `labels`, or
 * `undefined` when no sample matches (a series that never existed differs
 * from one that is 0).
 */
export function metricValue(
  text: string,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  let total: number | undefined;
  for (const sample of parsePrometheus(text)) {
    if (sample.name !== name) continue;
    if (!Object.entries(labels).every(([k, v]) => sample.labels[k] === v)) continue;
    total = (total ?? 0) + sample.value;
  }
  return total;
}
