import { describe, expect, it } from "vitest";
import {
  compileHostPattern,
  InvalidAllowEntryError,
  matchHostPattern,
  matchHostPatternIgnoringPort,
  toMatchTarget,
} from "../../src/egress/match-host-pattern.js";

function matches(entry: string, hostname: string, port = 443): boolean {
  return matchHostPattern(compileHostPattern(entry), toMatchTarget(hostname, port));
}

describe("compileHostPattern / matchHostPattern", () => {
  it.each([
    // entry, hostname, port, expected
    ["api.openai.com", "api.openai.com", 443, true],
    ["api.openai.com", "API.OpenAI.com", 443, true],
    ["API.OPENAI.COM.", "api.openai.com.", 443, true],
    ["api.openai.com", "api.openai.com.", 443, true],
    ["api.openai.com", "evil-api.openai.com", 443, false],
    ["api.openai.com", "api.openai.com.evil.com", 443, false],
    ["bedrock-runtime.*.amazonaws.com", "bedrock-runtime.us-west-2.amazonaws.com", 443, true],
    ["bedrock-runtime.*.amazonaws.com", "bedrock-runtime.evil.com", 443, false],
    ["bedrock-runtime.*.amazonaws.com", "bedrock-runtime.a.b.amazonaws.com", 443, false],
    ["bedrock-runtime.*.amazonaws.com", "bedrock-runtime..amazonaws.com", 443, false],
    ["*.example.com", "api.example.com", 443, true],
    ["*.example.com", "example.com", 443, false],
    ["*.example.com", "a.b.example.com", 443, false],
    ["api-*.example.com", "api-eu.example.com", 443, true],
    ["api-*.example.com", "api-.example.com", 443, true],
    ["api-*.example.com", "api.example.com", 443, false],
    ["api-*.example.com", "api-eu.x.example.com", 443, false],
    ["*-api.*.example.com", "eu-api.prod.example.com", 443, true],
    ["api.example.com:8443", "api.example.com", 8443, true],
    ["api.example.com:8443", "api.example.com", 443, false],
    ["api.example.com", "api.example.com", 8443, true],
    ["127.0.0.1", "127.0.0.1", 1234, true],
    ["127.0.0.1:8080", "127.0.0.1", 8080, true],
    ["127.0.0.1:8080", "127.0.0.1", 8081, false],
    ["127.0.0.1", "127.0.0.2", 80, false],
    ["10.0.0.0/8", "10.200.3.4", 80, true],
    ["10.0.0.0/8", "11.0.0.1", 80, false],
    ["10.0.0.0/8", "[::ffff:10.1.2.3]", 80, true],
    ["0.0.0.0/0", "8.8.8.8", 80, true],
    ["fd00::/8", "[fd12::1]", 80, true],
    ["fd00::/8", "[fe80::1]", 80, false],
    ["::1", "[::1]", 80, true],
    ["[::1]", "[::1]", 80, true],
    ["[::1]:8080", "[::1]", 8080, true],
    ["[::1]:8080", "[::1]", 8081, false],
    ["::ffff:127.0.0.1", "[::ffff:7f00:1]", 80, true],
    ["127.0.0.1", "[::ffff:7f00:1]", 80, true],
    // Hostname patterns never match IP literals and IP entries never match names.
    ["*.*.*.1*", "127.0.0.1", 80, false],
    ["*.*.*.1*", "a.b.c.1x", 80, true],
    ["127.0.0.1", "localhost", 80, false],
  ])("%s vs %s:%d → %s", (entry, hostname, port, expected) => {
    expect(matches(entry, hostname, port)).toBe(expected);
  });

  it("compiles wildcards to one expression per entry", () => {
    const pattern = compileHostPattern("bedrock-runtime.*.amazonaws.com");
    expect(pattern.kind).toBe("hostname");
    if (pattern.kind !== "hostname") return;
    expect(pattern.exact).toBeUndefined();
    expect(pattern.wildcard).toBeInstanceOf(RegExp);
    const exact = compileHostPattern("api.openai.com");
    expect(exact.kind === "hostname" && exact.exact).toBe("api.openai.com");
    expect(exact.kind === "hostname" && exact.wildcard).toBeUndefined();
  });

  it("keeps the entry as written as its source", () => {
    expect(compileHostPattern("10.0.0.0/8").source).toBe("10.0.0.0/8");
    expect(compileHostPattern("Api.Example.com").source).toBe("Api.Example.com");
  });

  it("ignores the port when asked to", () => {
    const pattern = compileHostPattern("127.0.0.1:8080");
    expect(matchHostPatternIgnoringPort(pattern, toMatchTarget("127.0.0.1", 1))).toBe(true);
  });

  it.each([
    ["", "non-empty"],
    ["   ", "non-empty"],
    ["https://api.openai.com", "not a URL"],
    ["api.openai.com/v1", "IP address before /"],
    ["user@api.openai.com", "not a URL"],
    ["api.openai.com?x=1", "not a URL"],
    ["api.openai.com:0", "port between 1 and 65535"],
    ["api.openai.com:70000", "port between 1 and 65535"],
    ["api.openai.com:", "port between 1 and 65535"],
    ["api.openai.com:https", "port between 1 and 65535"],
    ["10.0.0.0/33", "between 0 and 32"],
    ["fd00::/129", "between 0 and 128"],
    ["10.0.0.0/x", "between 0 and 32"],
    ["[::1", "closing ]"],
    ["[::1]8080", ":port after ]"],
    ["[127.0.0.1]", "IPv6 address inside"],
    ["api..openai.com", "expected a hostname"],
    ["api_openai!.com", "expected a hostname"],
    ["127.1", "dotted-decimal"],
    ["0x7f000001", "dotted-decimal"],
    ["2130706433", "dotted-decimal"],
    ["10.*.*.*", "CIDR"],
    ["*", 'mode to "allow"'],
    ["*.*", 'mode to "allow"'],
  ])("rejects %j with a message naming the entry (%s)", (entry, expected) => {
    let error: unknown;
    try {
      compileHostPattern(entry);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(InvalidAllowEntryError);
    expect((error as InvalidAllowEntryError).entry).toBe(entry);
    expect((error as Error).message).toContain(`"${entry}"`);
    expect((error as Error).message).toContain(expected);
  });
});
