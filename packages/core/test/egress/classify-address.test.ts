import { describe, expect, it } from "vitest";
import {
  classifyAddress,
  classifyHostname,
  normalizeHostname,
} from "../../src/egress/classify-address.js";
import { embeddedIpv4, parseIpAddress } from "../../src/egress/ip-address.js";

describe("classifyAddress", () => {
  it.each([
    ["8.8.8.8", "public"],
    ["1.1.1.1", "public"],
    ["172.15.255.255", "public"],
    ["172.32.0.0", "public"],
    ["100.63.255.255", "public"],
    ["100.128.0.0", "public"],
    ["2606:4700::1111", "public"],
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["::1", "loopback"],
    ["10.0.0.1", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["100.64.0.1", "private"],
    ["100.127.255.255", "private"],
    ["fc00::1", "private"],
    ["fd12:3456::1", "private"],
    ["fec0::1", "private"],
    ["64:ff9b:1::1", "private"],
    ["169.254.1.1", "link-local"],
    ["fe80::1", "link-local"],
    ["fe80::1%eth0", "link-local"],
    ["febf::1", "link-local"],
    ["169.254.169.254", "metadata"],
    ["169.254.170.2", "metadata"],
    ["100.100.100.200", "metadata"],
    ["fd00:ec2::254", "metadata"],
    ["0.0.0.0", "unspecified"],
    ["0.1.2.3", "unspecified"],
    ["::", "unspecified"],
    ["224.0.0.1", "multicast"],
    ["239.255.255.255", "multicast"],
    ["ff02::1", "multicast"],
    ["240.0.0.1", "reserved"],
    ["255.255.255.255", "reserved"],
    ["192.0.2.1", "reserved"],
    ["198.18.0.1", "reserved"],
    ["198.51.100.1", "reserved"],
    ["203.0.113.1", "reserved"],
    ["192.0.0.8", "reserved"],
    ["2001:db8::1", "reserved"],
    ["100::1", "reserved"],
    ["4000::1", "reserved"],
    // IPv6 forms that carry an IPv4 address are judged as that address.
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["::ffff:169.254.169.254", "metadata"],
    ["::ffff:a9fe:a9fe", "metadata"],
    ["::ffff:10.0.0.1", "private"],
    ["::ffff:8.8.8.8", "public"],
    ["::127.0.0.1", "loopback"],
    ["::7f00:1", "loopback"],
    ["::10.1.1.1", "private"],
    ["64:ff9b::127.0.0.1", "loopback"],
    ["64:ff9b::a9fe:a9fe", "metadata"],
    ["64:ff9b::8.8.8.8", "public"],
    ["[::1]", "loopback"],
    ["0:0:0:0:0:0:0:1", "loopback"],
    ["0:0:0:0:0:ffff:127.0.0.1", "loopback"],
    // Not canonical IP literals: fail closed.
    ["127.1", "reserved"],
    ["2130706433", "reserved"],
    ["localhost", "reserved"],
    ["", "reserved"],
  ])("%s is %s", (ip, expected) => {
    expect(classifyAddress(ip)).toBe(expected);
  });
});

describe("classifyHostname", () => {
  it.each([
    ["localhost", "loopback"],
    ["LOCALHOST.", "loopback"],
    ["api.localhost", "loopback"],
    ["metadata.google.internal", "metadata"],
    ["metadata.google.internal.", "metadata"],
    ["metadata", "metadata"],
    ["[::1]", "loopback"],
    ["127.0.0.1", "loopback"],
    ["8.8.8.8", "public"],
    ["api.openai.com", undefined],
    ["localhost.evil.com", undefined],
    ["notlocalhost", undefined],
  ])("%s is %s", (host, expected) => {
    expect(classifyHostname(host)).toBe(expected);
  });

  it("normalizes case, brackets and the trailing dot", () => {
    expect(normalizeHostname("[::1]")).toBe("::1");
    expect(normalizeHostname("Example.COM.")).toBe("example.com");
  });
});

describe("legacy IPv4 host forms, as the URL parser canonicalises them", () => {
  it.each([
    "http://2130706433/",
    "http://0x7f000001/",
    "http://0x7f.0.0.1/",
    "http://0177.0.0.1/",
    "http://127.1/",
  ])("%s has hostname 127.0.0.1, classified loopback", (url) => {
    const hostname = new URL(url).hostname;
    expect(hostname).toBe("127.0.0.1");
    expect(classifyHostname(hostname)).toBe("loopback");
  });
});

describe("parseIpAddress", () => {
  it("parses both families and rejects the rest", () => {
    expect(parseIpAddress("1.2.3.4")).toEqual({ family: 4, value: 0x01020304n });
    expect(parseIpAddress("1::")).toEqual({ family: 6, value: 1n << 112n });
    expect(parseIpAddress("1:2:3:4:5:6:1.2.3.4")?.value).toBe(
      parseIpAddress("1:2:3:4:5:6:102:304")?.value,
    );
    expect(parseIpAddress("not an ip")).toBeUndefined();
    expect(embeddedIpv4({ family: 4, value: 1n })).toBeUndefined();
    expect(embeddedIpv4(parseIpAddress("::1")!)).toBeUndefined();
    expect(embeddedIpv4(parseIpAddress("2001:db8::1")!)).toBeUndefined();
  });
});
