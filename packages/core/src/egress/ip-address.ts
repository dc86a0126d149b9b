import { isIPv4, isIPv6 } from "node:net";

/**
 * An IP address as a number: 32 bits for IPv4, 128 bits for IPv6. A bigint for
 * both families keeps range and CIDR arithmetic in one code path; it only runs
 * on cache misses and DNS results, never per request.
 */
export interface IpAddress {
  readonly family: 4 | 6;
  readonly value: bigint;
}

const V4_MAPPED_PREFIX = 0xffffn << 32n; // ::ffff:0:0/96
const NAT64_PREFIX = 0x0064ff9bn << 96n; // 64:ff9b::/96
const LOW_32_BITS = 0xffffffffn;

/**
 * Parses an IP literal in canonical text form (dotted-decimal IPv4 or any
 * RFC 4291 IPv6 text, with or without brackets or a zone id). Returns
 * `undefined` for anything else, including the legacy numeric IPv4 forms
 * (`127.1`, `0x7f.0.0.1`): those are only IPs once the WHATWG URL parser has
 * canonicalised them, and parsing them here would make entries ambiguous.
 */
export function parseIpAddress(text: string): IpAddress | undefined {
  let ip = text;
  if (ip.startsWith("[") && ip.endsWith("]")) ip = ip.slice(1, -1);
  const zone = ip.indexOf("%");
  if (zone !== -1) ip = ip.slice(0, zone);
  if (isIPv4(ip)) return { family: 4, value: parseIpv4(ip) };
  if (isIPv6(ip)) return { family: 6, value: parseIpv6(ip) };
  return undefined;
}

function parseIpv4(ip: string): bigint {
  let value = 0;
  for (const part of ip.split(".")) value = value * 256 + Number(part);
  return BigInt(value);
}

function parseIpv6(ip: string): bigint {
  const lower = ip.toLowerCase();
  // A trailing dotted quad stands for the last two groups.
  let groupsText = lower;
  let tail: number[] = [];
  const lastColon = lower.lastIndexOf(":");
  if (lower.includes(".", lastColon)) {
    const v4 = Number(parseIpv4(lower.slice(lastColon + 1)));
    tail = [v4 >>> 16, v4 & 0xffff];
    groupsText = `${lower.slice(0, lastColon + 1)}0`;
  }
  const [head = "", rest] = groupsText.split("::");
  const headGroups = head === "" ? [] : head.split(":");
  const restGroups = rest === undefined || rest === "" ? [] : rest.split(":");
  if (tail.length > 0) {
    // The placeholder "0" replaced the dotted quad; drop it before adding the real tail.
    (rest === undefined ? headGroups : restGroups).pop();
  }
  const explicit = headGroups.length + restGroups.length + tail.length;
  const zeros = rest === undefined ? 0 : 8 - explicit;
  const groups = [
    ...headGroups.map((g) => parseInt(g, 16)),
    ...new Array<number>(zeros).fill(0),
    ...restGroups.map((g) => parseInt(g, 16)),
    ...tail,
  ];
  let value = 0n;
  for (const g of groups) value = (value << 16n) | BigInt(g);
  return value;
}

/**
 * The IPv4 address an IPv6 address stands for, if it is one of the forms that
 * carry one: IPv4-mapped (`::ffff:a.b.c.d`), IPv4-compatible (`::a.b.c.d`, but
 * not `::` or `::1`) and NAT64 (`64:ff9b::a.b.c.d`). Connecting to any of them
 * reaches the embedded IPv4 host, so they must be judged as that host.
 */
export function embeddedIpv4(ip: IpAddress): IpAddress | undefined {
  if (ip.family !== 6) return undefined;
  const high = ip.value >> 32n;
  const low = ip.value & LOW_32_BITS;
  if (high === V4_MAPPED_PREFIX >> 32n || high === NAT64_PREFIX >> 32n)
    return { family: 4, value: low };
  if (high === 0n && ip.value > 1n) return { family: 4, value: low };
  return undefined;
}

/** True when `ip` lies in `network/prefix` of the same family. */
export function isInCidr(ip: IpAddress, network: IpAddress, prefix: number): boolean {
  if (ip.family !== network.family) return false;
  const bits = ip.family === 4 ? 32n : 128n;
  const shift = bits - BigInt(prefix);
  return ip.value >> shift === network.value >> shift;
}
