/** The outcome of one {@link RateLimitStore.consume}; maps onto `x-ratelimit-*` headers and a 429. */
export interface RateLimitDecision {
  allowed: boolean;
  /** Requests per minute for this key. */
  limit: number;
  /** Whole requests that could be made right now after this one. */
  remaining: number;
  /** Milliseconds until the allowance is full again. */
  resetMs: number;
  /** Milliseconds until one request is allowed again; 0 when allowed. */
  retryAfterMs: number;
}

/**
 * Where per-key request allowances live. An interface, and possibly async, so
 * a store shared between gateway replicas (Redis) can replace the in-memory one.
 */
export interface RateLimitStore {
  /** Takes one request from `key`'s allowance of `limitPerMinute`, if there is one left. */
  consume(key: string, limitPerMinute: number): RateLimitDecision | Promise<RateLimitDecision>;
}

/** Options for {@link MemoryRateLimitStore}. */
export interface MemoryRateLimitStoreOptions {
  /** Most keys tracked at once; past it the least recently used is dropped. Default 10 000. */
  maxKeys?: number;
  /** Milliseconds from a monotonic clock. Default `performance.now`. */
  now?: () => number;
}

interface Bucket {
  tokens: number;
  limit: number;
  updatedAt: number;
}

const WINDOW_MS = 60_000;
const DEFAULT_MAX_KEYS = 10_000;

const monotonicNow = (): number => performance.now();

/**
 * A token bucket per key, in this process: capacity `limit`, refilled
 * continuously at `limit` per 60 s, so a key may burst its whole minute at once
 * and then proceeds at the steady rate.
 *
 * Memory is capped at `maxKeys` buckets. The map is kept in recency order (a
 * touched key is moved to the end), and past the cap the least recently used
 * bucket is dropped. Dropping a bucket forgets what it spent, so it starts full
 * next time; the least recently used bucket is the one most likely to have
 * refilled already (any bucket idle for 60 s is full), so eviction rarely
 * grants anything extra. Keys are tenant or key ids from config, so reaching
 * the cap at all means something upstream is minting keys.
 */
export class MemoryRateLimitStore implements RateLimitStore {
  readonly #buckets = new Map<string, Bucket>();
  readonly #maxKeys: number;
  readonly #now: () => number;

  constructor(options: MemoryRateLimitStoreOptions = {}) {
    const maxKeys = options.maxKeys ?? DEFAULT_MAX_KEYS;
    if (!Number.isInteger(maxKeys) || maxKeys < 1) {
      throw new RangeError(`MemoryRateLimitStore: maxKeys must be an integer >= 1, got ${maxKeys}`);
    }
    this.#maxKeys = maxKeys;
    this.#now = options.now ?? monotonicNow;
  }

  /** How many keys are tracked. */
  get size(): number {
    return this.#buckets.size;
  }

  /** @throws RangeError when `limitPerMinute` is not a finite number >= 1. */
  consume(key: string, limitPerMinute: number): RateLimitDecision {
    if (!Number.isFinite(limitPerMinute) || limitPerMinute < 1) {
      throw new RangeError(`rate limit must be a finite number >= 1, got ${limitPerMinute}`);
    }
    const now = this.#now();
    const perMs = limitPerMinute / WINDOW_MS;
    let bucket = this.#buckets.get(key);
    if (bucket === undefined) {
      bucket = { tokens: limitPerMinute, limit: limitPerMinute, updatedAt: now };
      if (this.#buckets.size >= this.#maxKeys) this.#evictOldest();
    } else {
      this.#buckets.delete(key);
      // A clock that steps back refills nothing, and is not allowed to refill twice later.
      const elapsed = Math.max(0, now - bucket.updatedAt);
      // A changed limit (config reload) applies at once: the bucket never holds more than it.
      bucket.tokens = Math.min(limitPerMinute, bucket.tokens + elapsed * perMs);
      bucket.limit = limitPerMinute;
      bucket.updatedAt = Math.max(bucket.updatedAt, now);
    }
    this.#buckets.set(key, bucket);

    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    return {
      allowed,
      limit: limitPerMinute,
      remaining: Math.floor(bucket.tokens),
      resetMs: Math.ceil((limitPerMinute - bucket.tokens) / perMs),
      retryAfterMs: allowed ? 0 : Math.max(1, Math.ceil((1 - bucket.tokens) / perMs)),
    };
  }

  #evictOldest(): void {
    // Map iterates in insertion order, and every touch re-inserts, so the first key is the stalest.
    const oldest = this.#buckets.keys().next();
    if (!oldest.done) this.#buckets.delete(oldest.value);
  }
}
