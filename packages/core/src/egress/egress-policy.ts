import type { Logger } from "../logger.js";
import type { ProviderMetrics } from "../metrics/metrics-types.js";
import { classifyAddress, classifyHostname, normalizeHostname } from "./classify-address.js";
import { EgressBlockedError, type EgressBlockReason } from "./egress-blocked-error.js";
import type { EgressConfig, EgressMode } from "./egress-config.js";
import {
  compileHostPattern,
  type HostPattern,
  matchHostPattern,
  matchHostPatternIgnoringPort,
  toMatchTarget,
} from "./match-host-pattern.js";

/** The outcome of an egress check. */
export interface EgressDecision {
  readonly allowed: boolean;
  /** Set when `allowed` is false. */
  readonly reason?: EgressBlockReason;
  /** The host that was judged (`hostname:port` when the port is not the scheme's default). */
  readonly host: string;
}

/** What a policy reports to. Both optional: a policy without them only decides. */
export interface EgressPolicyDeps {
  metrics?: ProviderMetrics;
  logger?: Logger;
  /** How many per-origin decisions to remember. Defaults to 1024. */
  cacheSize?: number;
}

/**
 * Decides which destinations providers may reach. Created once from the
 * config; the orchestrator {@link EgressPolicy.extend | extends} it with each
 * plugin's default hosts.
 */
export interface EgressPolicy {
  readonly mode: EgressMode;
  /** The allow entries, as written. */
  readonly entries: readonly string[];
  /**
   * Judges a URL regardless of mode. Pure: no metrics, no logs, no throw.
   * Decisions are cached per origin, so repeated calls are a Map lookup
   * (plus parsing `url` when it is a string).
   */
  check(url: string | URL, providerId: string): EgressDecision;
  /**
   * Applies the mode to {@link EgressPolicy.check}'s decision: `enforce`
   * throws {@link EgressBlockedError}, `report-only` logs a warning and lets
   * the call through, `allow` does nothing. Refusals are counted in both
   * `enforce` and `report-only`.
   */
  assertAllowed(url: string | URL, providerId: string): void;
  /**
   * Judges one address a hostname resolved to, and applies the mode as
   * {@link EgressPolicy.assertAllowed} does. A public address is always
   * fine (the hostname itself was checked before resolution); any other is
   * refused unless an IP or CIDR entry contains it or an entry without
   * wildcards names `hostname` exactly. Entry ports are not compared here:
   * the port was checked against the URL already.
   */
  checkResolvedAddress(hostname: string, address: string, providerId: string): EgressDecision;
  /** A policy with more allow entries, sharing this one's mode, metrics and logger. */
  extend(extraEntries: readonly string[]): EgressPolicy;
}

const DEFAULT_CACHE_SIZE = 1024;
const ALLOWED_SCHEMES = new Set(["http:", "https:"]);

function decision(allowed: boolean, host: string, reason?: EgressBlockReason): EgressDecision {
  return Object.freeze(reason === undefined ? { allowed, host } : { allowed, host, reason });
}

// Only entries that name a destination exactly may open a non-public one: a
// wildcard such as `*.example.com` must not let an attacker who controls one
// subdomain's DNS point it at 169.254.169.254 (DNS rebinding).
function isExplicit(pattern: HostPattern): boolean {
  return pattern.kind === "address" || pattern.exact !== undefined;
}

/**
 * Builds an {@link EgressPolicy}. Every allow entry is compiled here, once;
 * an invalid entry throws.
 */
export function createEgressPolicy(
  config: EgressConfig,
  deps: EgressPolicyDeps = {},
): EgressPolicy {
  const { metrics, logger } = deps;
  const cacheSize = Math.max(1, deps.cacheSize ?? DEFAULT_CACHE_SIZE);
  const mode = config.mode;
  const entries = Object.freeze([...config.allow]);
  const patterns = entries.map(compileHostPattern);
  const cache = new Map<string, EgressDecision>();

  function decide(url: URL): EgressDecision {
    const host = url.host;
    if (!ALLOWED_SCHEMES.has(url.protocol)) return decision(false, host, "scheme_not_allowed");
    if (url.hostname === "") return decision(false, host, "invalid_url");
    const port = url.port !== "" ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
    const target = toMatchTarget(url.hostname, port);
    const kind = classifyHostname(target.hostname);
    if (kind !== undefined && kind !== "public") {
      const explicit = patterns.some((p) => isExplicit(p) && matchHostPattern(p, target));
      return explicit ? decision(true, host) : decision(false, host, "private_address");
    }
    return patterns.some((p) => matchHostPattern(p, target))
      ? decision(true, host)
      : decision(false, host, "not_allowlisted");
  }

  function check(url: string | URL, _providerId: string): EgressDecision {
    let parsed: URL;
    if (typeof url === "string") {
      try {
        parsed = new URL(url);
      } catch {
        return decision(false, "", "invalid_url");
      }
    } else {
      parsed = url;
    }
    const key = `${parsed.protocol}//${parsed.host}`;
    const cached = cache.get(key);
    if (cached) return cached;
    const fresh = decide(parsed);
    // Oldest-first eviction is enough: a gateway talks to a handful of origins,
    // the bound only stops a flood of distinct hosts from growing the map.
    if (cache.size >= cacheSize) cache.delete(cache.keys().next().value as string);
    cache.set(key, fresh);
    return fresh;
  }

  function refuse(refused: EgressDecision, providerId: string, address?: string): void {
    if (mode === "allow") return;
    // Only blocked decisions reach here, and they always carry a reason.
    const reason = refused.reason as EgressBlockReason;
    metrics?.recordEgressBlocked(providerId, reason, mode);
    const fields = {
      provider: providerId,
      host: refused.host,
      reason,
      mode,
      ...(address !== undefined ? { address } : {}),
    };
    if (mode === "enforce") {
      logger?.warn(fields, "egress blocked by policy");
      throw new EgressBlockedError(providerId, refused.host, reason, address);
    }
    logger?.warn(fields, "egress not allowed by policy; letting it through (report-only)");
  }

  function assertAllowed(url: string | URL, providerId: string): void {
    if (mode === "allow") return;
    const verdict = check(url, providerId);
    if (!verdict.allowed) refuse(verdict, providerId);
  }

  function checkResolvedAddress(
    hostname: string,
    address: string,
    providerId: string,
  ): EgressDecision {
    const host = normalizeHostname(hostname);
    if (classifyAddress(address) === "public") return decision(true, host);
    const target = toMatchTarget(address, 0);
    const explicit = patterns.some(
      (p) =>
        (p.kind === "address" && matchHostPatternIgnoringPort(p, target)) ||
        (p.kind === "hostname" && p.exact !== undefined && p.exact === host),
    );
    if (explicit) return decision(true, host);
    const refused = decision(false, host, "private_address");
    refuse(refused, providerId, address);
    return refused;
  }

  return {
    mode,
    entries,
    check,
    assertAllowed,
    checkResolvedAddress,
    extend: (extraEntries) =>
      createEgressPolicy({ mode, allow: [...entries, ...extraEntries] }, deps),
  };
}
