/** A bearer token and when it stops being accepted. */
export interface AccessToken {
  token: string;
  /** Expiry, in epoch milliseconds. */
  expiresOnMs: number;
}

/** Options of {@link createCachingTokenProvider}. */
export interface CachingTokenProviderOptions {
  /** Gets a new token (a network call). */
  fetchToken: () => Promise<AccessToken>;
  /** The clock, in epoch milliseconds. Default `Date.now`; tests pass a fake one. */
  now?: () => number;
  /**
   * Refresh this long before expiry, so no request leaves with a token that
   * expires in flight. Capped at half the token's lifetime. Default 5 minutes.
   */
  refreshBeforeMs?: number;
  /**
   * After a failed refresh while the cached token is still valid, wait this
   * long before trying again, so a down login endpoint is not hit on every
   * request. Default 10 seconds.
   */
  retryAfterFailureMs?: number;
}

/** A token source that caches and refreshes ahead of expiry. */
export interface CachingTokenProvider {
  /** A valid token: the cached one, or a fresh one when it is due for refresh. */
  getToken(): Promise<string>;
  /** Forgets the cached token, e.g. after the upstream rejected it. */
  clear(): void;
}

const DEFAULT_REFRESH_BEFORE_MS = 5 * 60_000;
const DEFAULT_RETRY_AFTER_FAILURE_MS = 10_000;

interface Cached {
  token: string;
  expiresOnMs: number;
  /** When to start refreshing. */
  refreshAtMs: number;
}

/**
 * Wraps a token fetcher with a cache. Pure logic: the only I/O is
 * `fetchToken`, and time comes from `now`.
 *
 * - A cached token is returned until its refresh time.
 * - Concurrent callers share one refresh.
 * - If a refresh fails while the cached token has not expired, the cached
 *   token keeps serving and the next attempt waits `retryAfterFailureMs`;
 *   once it has expired, the failure reaches the caller.
 * - A fetched token that is already expired is an error, never cached.
 */
export function createCachingTokenProvider(
  options: CachingTokenProviderOptions,
): CachingTokenProvider {
  const now = options.now ?? Date.now;
  const refreshBefore = options.refreshBeforeMs ?? DEFAULT_REFRESH_BEFORE_MS;
  const retryAfterFailure = options.retryAfterFailureMs ?? DEFAULT_RETRY_AFTER_FAILURE_MS;
  let cached: Cached | undefined;
  let inFlight: Promise<string> | undefined;
  let generation = 0;

  const fetchAndCache = async (started: number, fetchedAt: number): Promise<string> => {
    try {
      const fresh = await options.fetchToken();
      if (!fresh.token || !(fresh.expiresOnMs > now())) {
        throw new Error("the token endpoint returned an empty or already expired token");
      }
      const lifetime = fresh.expiresOnMs - fetchedAt;
      const margin = Math.min(refreshBefore, Math.max(0, lifetime) / 2);
      // A `clear()` during the fetch means this token must not be cached.
      if (started === generation) {
        cached = {
          token: fresh.token,
          expiresOnMs: fresh.expiresOnMs,
          refreshAtMs: fresh.expiresOnMs - margin,
        };
      }
      return fresh.token;
    } catch (err) {
      const stale = cached;
      if (stale && started === generation && now() < stale.expiresOnMs) {
        stale.refreshAtMs = Math.min(stale.expiresOnMs, now() + retryAfterFailure);
        return stale.token;
      }
      throw err;
    }
  };

  const refresh = (): Promise<string> => {
    if (inFlight) return inFlight;
    const work = fetchAndCache(generation, now()).finally(() => {
      if (inFlight === work) inFlight = undefined;
    });
    inFlight = work;
    return work;
  };

  return {
    async getToken() {
      const current = cached;
      if (current && now() < current.refreshAtMs) return current.token;
      return refresh();
    },
    clear() {
      generation += 1;
      cached = undefined;
      inFlight = undefined;
    },
  };
}
