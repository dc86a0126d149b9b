import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import type { LookupFunction } from "node:net";
import type { EgressPolicy } from "./egress-policy.js";

/**
 * Wraps a DNS lookup so that every address a hostname resolves to is judged
 * by {@link EgressPolicy.checkResolvedAddress} before a socket connects to
 * it. Used as `connect.lookup` of an undici `Agent`: the socket then connects
 * to exactly the address that was checked, so a name cannot be re-resolved to
 * a private address between the check and the connect (DNS rebinding).
 *
 * In `enforce` a refused address fails the lookup with the
 * {@link EgressBlockedError}; net and undici hand that same error object to
 * the request, so callers see it unchanged. In `allow` mode the base lookup
 * is returned as is.
 */
export function createGuardedLookup(
  policy: EgressPolicy,
  providerId: string,
  baseLookup: LookupFunction = dnsLookup as LookupFunction,
): LookupFunction {
  if (policy.mode === "allow") return baseLookup;
  return (hostname, options, callback) => {
    baseLookup(hostname, options, (err, address, family) => {
      if (err) {
        callback(err, address, family);
        return;
      }
      try {
        // With `all: true` (net's default under autoSelectFamily) every
        // candidate is checked, since net may connect to any of them.
        if (typeof address === "string") {
          policy.checkResolvedAddress(hostname, address, providerId);
        } else {
          for (const candidate of address as LookupAddress[]) {
            policy.checkResolvedAddress(hostname, candidate.address, providerId);
          }
        }
      } catch (blocked) {
        callback(blocked as NodeJS.ErrnoException, typeof address === "string" ? "" : [], family);
        return;
      }
      callback(null, address, family);
    });
  };
}
