import { embeddedIpv4, type IpAddress, isInCidr, parseIpAddress } from "./ip-address.js";

/**
 * What kind of destination an address is. Everything but `public` is refused
 * by the egress policy unless an allow entry names it explicitly.
 */
export type AddressClass =
  | "public"
  | "loopback"
  | "private"
  | "link-local"
  | "metadata"
  | "unspecified"
  | "multicast"
  | "reserved";

interface Range {
  readonly network: IpAddress;
  readonly prefix: number;
  readonly kind: AddressClass;
}

function range(cidr: string, kind: AddressClass): Range {
  const [address = "", prefix = ""] = cidr.split("/");
  const network = parseIpAddress(address);
  /* v8 ignore next -- the table below is static */
  if (!network) throw new Error(`bad built-in range ${cidr}`);
  return { network, prefix: Number(prefix), kind };
}

// Order matters: the first match wins, so single metadata hosts come before
// the ranges that contain them.
const RANGES: readonly Range[] = [
  range("169.254.169.254/32", "metadata"), // AWS, GCP, Azure, OpenStack IMDS
  range("169.254.170.2/32", "metadata"), // ECS task metadata
  range("100.100.100.200/32", "metadata"), // Alibaba Cloud
  range("fd00:ec2::254/128", "metadata"), // AWS IMDS over IPv6
  range("0.0.0.0/8", "unspecified"),
  range("127.0.0.0/8", "loopback"),
  range("10.0.0.0/8", "private"),
  range("172.16.0.0/12", "private"),
  range("192.168.0.0/16", "private"),
  range("100.64.0.0/10", "private"), // carrier-grade NAT, often cloud-internal
  range("169.254.0.0/16", "link-local"),
  range("224.0.0.0/4", "multicast"),
  range("192.0.0.0/24", "reserved"),
  range("192.0.2.0/24", "reserved"),
  range("198.18.0.0/15", "reserved"),
  range("198.51.100.0/24", "reserved"),
  range("203.0.113.0/24", "reserved"),
  range("240.0.0.0/4", "reserved"), // includes 255.255.255.255
  range("::/128", "unspecified"),
  range("::1/128", "loopback"),
  range("64:ff9b:1::/48", "private"), // local-use NAT64
  range("fc00::/7", "private"),
  range("fec0::/10", "private"), // deprecated site-local, still routed by some stacks
  range("fe80::/10", "link-local"),
  range("ff00::/8", "multicast"),
  range("2001:db8::/32", "reserved"),
  range("100::/64", "reserved"),
];

// Only 2000::/3 is allocated for global unicast; the rest of the IPv6 space
// that no range above names is unassigned.
const GLOBAL_UNICAST_V6 = range("2000::/3", "public");

/**
 * Classifies an IP address. IPv4-mapped, IPv4-compatible and NAT64 IPv6
 * forms are classified as the IPv4 address they embed. Anything that is not
 * a canonical IP literal is `reserved`, so a caller that passes garbage fails
 * closed. Pure.
 */
export function classifyAddress(ip: string): AddressClass {
  const parsed = parseIpAddress(ip);
  return parsed ? classifyParsedAddress(parsed) : "reserved";
}

/** {@link classifyAddress} for an address already parsed. */
export function classifyParsedAddress(ip: IpAddress): AddressClass {
  const target = embeddedIpv4(ip) ?? ip;
  for (const r of RANGES) {
    if (isInCidr(target, r.network, r.prefix)) return r.kind;
  }
  if (
    target.family === 6 &&
    !isInCidr(target, GLOBAL_UNICAST_V6.network, GLOBAL_UNICAST_V6.prefix)
  ) {
    return "reserved";
  }
  return "public";
}

// Names that resolve to the local host or to a metadata service on common
// platforms without any DNS query, so they must be judged before resolution.
const METADATA_NAMES = new Set(["metadata.google.internal", "metadata"]);

/**
 * Classifies a host as written in a URL: an IP literal by its address, the
 * well-known local and metadata names by name, and `undefined` for any other
 * name (its class is only known once it has been resolved).
 */
export function classifyHostname(hostname: string): AddressClass | undefined {
  const host = normalizeHostname(hostname);
  const parsed = parseIpAddress(host);
  if (parsed) return classifyParsedAddress(parsed);
  if (host === "localhost" || host.endsWith(".localhost")) return "loopback";
  if (METADATA_NAMES.has(host)) return "metadata";
  return undefined;
}

/**
 * Lower-cases a hostname and strips IPv6 brackets and the trailing dot of a
 * fully qualified name, so that `Example.COM.` and `example.com` compare equal.
 */
export function normalizeHostname(hostname: string): string {
  let host = hostname.toLowerCase();
  if (host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
  if (host.endsWith(".")) host = host.slice(0, -1);
  return host;
}
