import type { EgressPolicy } from "./egress-policy.js";

/**
 * Checks that `providerId` may call `url` before a request is made, under the
 * policy's mode (see {@link EgressPolicy.assertAllowed}). The helper name the
 * provider guide uses; plugins that build their own HTTP calls call it with
 * each base URL.
 */
export function ensureProviderEgress(
  policy: EgressPolicy,
  providerId: string,
  url: string | URL,
): void {
  policy.assertAllowed(url, providerId);
}
