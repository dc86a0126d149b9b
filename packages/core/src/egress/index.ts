/**
 * Egress policy: which hosts a provider may reach, checked before every
 * request, on every redirect hop and on every resolved address.
 */
export {
  type AddressClass,
  classifyAddress,
  classifyHostname,
  normalizeHostname,
} from "./classify-address.js";
export {
  createEgressFetch,
  type EgressFetch,
  type EgressFetchOptions,
} from "./create-egress-fetch.js";
export {
  EgressBlockedError,
  type EgressBlockReason,
  isEgressBlockedError,
} from "./egress-blocked-error.js";
export {
  EGRESS_ENV,
  EGRESS_MODES,
  type EgressConfig,
  type EgressConfigInput,
  type EgressMode,
  egressConfigSchema,
  resolveEgressConfig,
} from "./egress-config.js";
export {
  createEgressPolicy,
  type EgressDecision,
  type EgressPolicy,
  type EgressPolicyDeps,
} from "./egress-policy.js";
export { ensureProviderEgress } from "./ensure-provider-egress.js";
export { createGuardedLookup } from "./guarded-lookup.js";
export {
  compileHostPattern,
  type HostPattern,
  InvalidAllowEntryError,
  type MatchTarget,
  matchHostPattern,
  toMatchTarget,
} from "./match-host-pattern.js";
