/** Options for {@link OutcomeWindow}. */
export interface OutcomeWindowOptions {
  /** How far back the window reaches. Default 60 000 ms. */
  windowMs?: number;
  /** How many time buckets the window is cut into. Default 12. */
  buckets?: number;
  /** Milliseconds from a monotonic clock. Default `performance.now`. */
  now?: () => number;
}

/** Counts over the window at the moment of a {@link OutcomeWindow.snapshot}. */
export interface OutcomeSnapshot {
  requests: number;
  errors: number;
  /** `errors / requests`, or 0 when there were no requests. */
  errorRate: number;
}

const DEFAULT_WINDOW_MS = 60_000;
const DEFAULT_BUCKETS = 12;

const monotonicNow = (): number => performance.now();

/**
 * A rolling error rate over the last `windowMs`, kept in a fixed ring of
 * `buckets` time buckets, so memory does not depend on traffic.
 *
 * The window is bucket-granular: it holds the current (partial) bucket and the
 * `buckets - 1` before it, so it spans between `windowMs - windowMs / buckets`
 * and `windowMs`. `record` is O(1); `snapshot` is O(buckets).
 *
 * Each slot remembers which bucket it holds, so a slot left over from before an
 * idle gap is recognised as stale and never counted, however long the gap.
 */
export class OutcomeWindow {
  readonly #bucketMs: number;
  readonly #buckets: number;
  readonly #now: () => number;
  // Parallel typed arrays: one allocation up front, none per call.
  readonly #bucketOf: Float64Array;
  readonly #requests: Float64Array;
  readonly #errors: Float64Array;
  /** The newest bucket seen; a clock that steps back is held here so it cannot wipe newer slots. */
  #latest = Number.NEGATIVE_INFINITY;

  constructor(options: OutcomeWindowOptions = {}) {
    const windowMs = options.windowMs ?? DEFAULT_WINDOW_MS;
    const buckets = options.buckets ?? DEFAULT_BUCKETS;
    if (!Number.isFinite(windowMs) || windowMs <= 0) {
      throw new RangeError(`OutcomeWindow: windowMs must be a finite number > 0, got ${windowMs}`);
    }
    if (!Number.isInteger(buckets) || buckets < 1) {
      throw new RangeError(`OutcomeWindow: buckets must be an integer >= 1, got ${buckets}`);
    }
    this.#bucketMs = windowMs / buckets;
    this.#buckets = buckets;
    this.#now = options.now ?? monotonicNow;
    this.#bucketOf = new Float64Array(buckets).fill(Number.NEGATIVE_INFINITY);
    this.#requests = new Float64Array(buckets);
    this.#errors = new Float64Array(buckets);
  }

  /** Records one outcome at the current time. */
  record(ok: boolean): void {
    const bucket = this.#currentBucket();
    const slot = this.#slotOf(bucket);
    if (this.#bucketOf[slot] !== bucket) {
      this.#bucketOf[slot] = bucket;
      this.#requests[slot] = 0;
      this.#errors[slot] = 0;
    }
    this.#requests[slot]! += 1;
    if (!ok) this.#errors[slot]! += 1;
  }

  /** Requests, errors and error rate over the window ending now. */
  snapshot(): OutcomeSnapshot {
    const oldest = this.#currentBucket() - this.#buckets;
    let requests = 0;
    let errors = 0;
    for (let slot = 0; slot < this.#buckets; slot++) {
      if (this.#bucketOf[slot]! > oldest) {
        requests += this.#requests[slot]!;
        errors += this.#errors[slot]!;
      }
    }
    return { requests, errors, errorRate: requests === 0 ? 0 : errors / requests };
  }

  #currentBucket(): number {
    const bucket = Math.floor(this.#now() / this.#bucketMs);
    if (bucket > this.#latest) this.#latest = bucket;
    return this.#latest;
  }

  #slotOf(bucket: number): number {
    // `%` keeps the sign of a negative bucket (an injected clock may start below 0).
    const slot = bucket % this.#buckets;
    return slot < 0 ? slot + this.#buckets : slot;
  }
}
