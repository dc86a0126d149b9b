/** Header access that works for WHATWG `Headers`, plain records and arrays of pairs. */
export type HeaderSource =
  | { get(name: string): string | null | undefined }
  | Record<string, string | string[] | number | undefined>
  | ReadonlyArray<readonly [string, string]>;

/** Reads one header, case-insensitively, from any {@link HeaderSource}. */
export function readHeader(headers: HeaderSource | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const lower = name.toLowerCase();
  if (Array.isArray(headers)) {
    for (const [key, value] of headers as ReadonlyArray<readonly [string, string]>) {
      if (key.toLowerCase() === lower) return value;
    }
    return undefined;
  }
  if (typeof (headers as { get?: unknown }).get === "function") {
    return (headers as { get(name: string): string | null | undefined }).get(name) ?? undefined;
  }
  const record = headers as Record<string, string | string[] | number | undefined>;
  for (const key of Object.keys(record)) {
    if (key.toLowerCase() !== lower) continue;
    const value = record[key];
    if (Array.isArray(value)) return value[0];
    return value === undefined ? undefined : String(value);
  }
  return undefined;
}

/**
 * How long the upstream asked us to wait, in milliseconds. Understands
 * `retry-after-ms` (OpenAI, Anthropic), `Retry-After` as delta-seconds
 * (fractions allowed) and as an HTTP date. Returns `undefined` when absent or
 * unparseable; a date in the past yields 0.
 */
export function parseRetryAfter(
  headers: HeaderSource | undefined,
  now: number = Date.now(),
): number | undefined {
  const ms = readHeader(headers, "retry-after-ms");
  if (ms !== undefined && ms.trim() !== "") {
    const value = Number(ms);
    if (Number.isFinite(value) && value >= 0) return Math.round(value);
  }
  const raw = readHeader(headers, "retry-after")?.trim();
  if (!raw) return undefined;
  if (/^\d+(\.\d+)?$/.test(raw)) return Math.round(Number(raw) * 1000);
  const date = Date.parse(raw);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
