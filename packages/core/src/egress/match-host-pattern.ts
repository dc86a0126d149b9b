import { normalizeHostname } from "./classify-address.js";
import { embeddedIpv4, type IpAddress, isInCidr, parseIpAddress } from "./ip-address.js";

/**
 * One compiled allowlist entry. Built once when a policy is created, so that
 * matching never constructs a regular expression.
 */
export type HostPattern =
  | {
      readonly kind: "hostname";
      /** The entry as written. */
      readonly source: string;
      /** The normalized name when the entry has no wildcard. */
      readonly exact: string | undefined;
      /** The compiled matcher when the entry has a wildcard. */
      readonly wildcard: RegExp | undefined;
      readonly port: number | undefined;
    }
  | {
      readonly kind: "address";
      readonly source: string;
      readonly network: IpAddress;
      /** 32 or 128 for a single address. */
      readonly prefix: number;
      readonly port: number | undefined;
    };

/** An entry that does not parse. The message names the entry and what was expected. */
export class InvalidAllowEntryError extends Error {
  override readonly name = "InvalidAllowEntryError";
  /** The entry as written. */
  readonly entry: string;

  constructor(entry: string, expected: string) {
    super(`invalid egress allow entry "${entry}": ${expected}`);
    this.entry = entry;
  }
}

const EXPECTED =
  "expected a hostname (a `*` may stand for part or all of any label), an IP address or a CIDR, optionally followed by :port";
const LABEL = /^[a-z0-9_*-]{1,63}$/;
const WHATWG_NUMBER = /^(?:\d+|0x[0-9a-f]*)$/;

/**
 * Parses and compiles one allowlist entry: `api.openai.com`,
 * `bedrock-runtime.*.amazonaws.com`, `api-*.example.com:443`, `10.0.0.0/8`,
 * `fd00::/8`, `127.0.0.1:8080`, `[::1]:8080`. Case-insensitive; the trailing
 * dot of a fully qualified name is ignored. Throws
 * {@link InvalidAllowEntryError} for anything else.
 */
export function compileHostPattern(entry: string): HostPattern {
  const text = entry.trim().toLowerCase();
  const fail = (expected: string = EXPECTED): never => {
    throw new InvalidAllowEntryError(entry, expected);
  };
  if (text === "") return fail("expected a non-empty entry");
  if (text.includes("://") || /[?#@\s]/.test(text)) fail(`${EXPECTED}, not a URL`);

  const slash = text.indexOf("/");
  if (slash !== -1) return compileCidr(text, entry, slash, fail);

  let host = text;
  let port: number | undefined;
  if (host.startsWith("[")) {
    const close = host.indexOf("]");
    if (close === -1) fail("expected a closing ] after an IPv6 address");
    const after = host.slice(close + 1);
    if (after !== "") {
      if (!after.startsWith(":")) fail("expected :port after ]");
      port = parsePort(after.slice(1), fail);
    }
    host = host.slice(1, close);
    const address = parseIpAddress(host);
    if (address?.family !== 6) return fail("expected an IPv6 address inside [ ]");
    return { kind: "address", source: entry, network: address, prefix: 128, port };
  }

  const bareV6 = parseIpAddress(host);
  if (bareV6?.family === 6)
    return { kind: "address", source: entry, network: bareV6, prefix: 128, port };

  const colon = host.lastIndexOf(":");
  if (colon !== -1) {
    port = parsePort(host.slice(colon + 1), fail);
    host = host.slice(0, colon);
  }
  const v4 = parseIpAddress(host);
  if (v4) return { kind: "address", source: entry, network: v4, prefix: 32, port };
  return compileHostname(normalizeHostname(host), entry, port, fail);
}

function compileCidr(
  text: string,
  source: string,
  slash: number,
  fail: (expected?: string) => never,
): HostPattern {
  const address = parseIpAddress(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (!address) return fail("expected an IP address before / in a CIDR");
  const max = address.family === 4 ? 32 : 128;
  const prefix = Number(prefixText);
  if (!/^\d{1,3}$/.test(prefixText) || prefix > max) {
    return fail(`expected a CIDR prefix length between 0 and ${max}`);
  }
  return { kind: "address", source, network: address, prefix, port: undefined };
}

function parsePort(text: string, fail: (expected?: string) => never): number {
  const port = Number(text);
  if (!/^\d{1,5}$/.test(text) || port < 1 || port > 65535)
    return fail("expected a port between 1 and 65535");
  return port;
}

function compileHostname(
  host: string,
  source: string,
  port: number | undefined,
  fail: (expected?: string) => never,
): HostPattern {
  const labels = host.split(".");
  if (!labels.every((label) => LABEL.test(label))) return fail();
  const last = labels[labels.length - 1] ?? "";
  // A name ending in a number is an IPv4 address to the URL parser: an entry
  // like `127.1` would never match the canonical `127.0.0.1` it stands for.
  if (WHATWG_NUMBER.test(last))
    return fail("expected an IPv4 address in dotted-decimal form (a.b.c.d)");
  const hasWildcard = host.includes("*");
  if (labels.every((label) => label === "*")) {
    return fail(
      'expected at least one label that is not "*" (to turn the policy off, set mode to "allow")',
    );
  }
  if (hasWildcard && labels.every((label) => label === "*" || /^\d+$/.test(label))) {
    return fail("expected a CIDR (e.g. 10.0.0.0/8) instead of a wildcard over IP address digits");
  }
  if (!hasWildcard) return { kind: "hostname", source, exact: host, wildcard: undefined, port };
  const body = labels
    .map((label) => (label === "*" ? "[^.]+" : label.split("*").map(escapeRegExp).join("[^.]*")))
    .join("\\.");
  return { kind: "hostname", source, exact: undefined, wildcard: new RegExp(`^${body}$`), port };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&");
}

/**
 * The host of a URL, prepared once for matching against many patterns.
 * `address` is set for IP literals, `embedded` for IPv6 forms that carry an
 * IPv4 address.
 */
export interface MatchTarget {
  readonly hostname: string;
  readonly port: number;
  readonly address: IpAddress | undefined;
  readonly embedded: IpAddress | undefined;
}

/** Prepares a hostname (as `URL.hostname` gives it) and port for {@link matchHostPattern}. */
export function toMatchTarget(hostname: string, port: number): MatchTarget {
  const host = normalizeHostname(hostname);
  const address = parseIpAddress(host);
  return { hostname: host, port, address, embedded: address && embeddedIpv4(address) };
}

/**
 * True when `pattern` allows `target`. Hostname patterns never match IP
 * literals, and IP patterns only match IP literals: a name is judged by its
 * resolved addresses separately.
 */
export function matchHostPattern(pattern: HostPattern, target: MatchTarget): boolean {
  if (pattern.port !== undefined && pattern.port !== target.port) return false;
  return matchHostPatternIgnoringPort(pattern, target);
}

/**
 * {@link matchHostPattern} without the port comparison, for judging DNS
 * results, where the port is not known (it was checked against the URL).
 */
export function matchHostPatternIgnoringPort(pattern: HostPattern, target: MatchTarget): boolean {
  if (pattern.kind === "address") {
    if (!target.address) return false;
    return (
      isInCidr(target.address, pattern.network, pattern.prefix) ||
      (target.embedded !== undefined && isInCidr(target.embedded, pattern.network, pattern.prefix))
    );
  }
  if (target.address) return false;
  return pattern.exact !== undefined
    ? pattern.exact === target.hostname
    : (pattern.wildcard?.test(target.hostname) ?? false);
}
