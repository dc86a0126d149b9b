import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";

/** Options of {@link createRefreshingCredentials}. */
export interface RefreshingCredentialsOptions {
  /** The clock, in epoch ms; injected for tests. Default `Date.now`. */
  now?: () => number;
  /**
   * Fetch new credentials this long before the cached ones expire, so no
   * request is signed with credentials about to lapse. Default 5 minutes, the
   * window the AWS SDK itself uses.
   */
  refreshBeforeMs?: number;
}

/** How long before expiry cached credentials are replaced, by default. */
export const DEFAULT_REFRESH_BEFORE_MS = 5 * 60_000;

/**
 * Wraps a credential source (the AWS default chain) in an expiration-aware
 * cache. Credentials without an `expiration` are kept; credentials with one
 * are reused until `refreshBeforeMs` before it, then fetched again, with one
 * fetch shared by concurrent callers. If a refresh fails while the cached
 * credentials have not yet expired, those keep serving and the next call
 * tries again; once they have expired, the failure is thrown.
 */
export function createRefreshingCredentials(
  source: AwsCredentialIdentityProvider,
  options: RefreshingCredentialsOptions = {},
): AwsCredentialIdentityProvider {
  const now = options.now ?? Date.now;
  const refreshBeforeMs = options.refreshBeforeMs ?? DEFAULT_REFRESH_BEFORE_MS;
  let cached: AwsCredentialIdentity | undefined;
  let pending: Promise<AwsCredentialIdentity> | undefined;

  const expiresAt = (identity: AwsCredentialIdentity) => identity.expiration?.getTime();
  const isFresh = (identity: AwsCredentialIdentity) => {
    const at = expiresAt(identity);
    return at === undefined || at - refreshBeforeMs > now();
  };
  const isValid = (identity: AwsCredentialIdentity) => {
    const at = expiresAt(identity);
    return at === undefined || at > now();
  };

  return async (properties) => {
    if (cached && isFresh(cached)) return cached;
    pending ??= (async () => {
      try {
        cached = await source(properties);
        return cached;
      } finally {
        pending = undefined;
      }
    })();
    try {
      return await pending;
    } catch (err) {
      if (cached && isValid(cached)) return cached;
      throw err;
    }
  };
}
