/** Backoff settings shared by the retry loop. */
export interface BackoffOptions {
  /** First retry's ceiling. Default 250 ms. */
  baseDelayMs?: number;
  /** Ceiling for any computed delay. Default 8 s. */
  maxDelayMs?: number;
}

/**
 * Exponential backoff with full jitter: a uniform draw from
 * `[0, min(maxDelay, base * 2^retry))`. Full jitter spreads a burst of
 * clients that failed together better than equal or decorrelated jitter.
 * `retry` counts from 0 for the first retry.
 */
export function computeBackoffDelay(
  retry: number,
  options: BackoffOptions = {},
  random: () => number = Math.random,
): number {
  const base = options.baseDelayMs ?? 250;
  const cap = options.maxDelayMs ?? 8_000;
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, retry));
  return Math.floor(random() * ceiling);
}
