import { describe, expect, it } from "vitest";
import { EgressBlockedError, isEgressBlockedError } from "../../src/egress/egress-blocked-error.js";
import type { EgressMode } from "../../src/egress/egress-config.js";
import { createEgressPolicy } from "../../src/egress/egress-policy.js";
import { ensureProviderEgress } from "../../src/egress/ensure-provider-egress.js";
import { isProviderError } from "../../src/errors/provider-error.js";
import { recordingLogger, recordingMetrics } from "./helpers.js";

function setup(mode: EgressMode, allow: string[]) {
  const { metrics, blocked } = recordingMetrics();
  const { logger, calls } = recordingLogger();
  const policy = createEgressPolicy({ mode, allow }, { metrics, logger });
  return { policy, blocked, calls };
}

describe("EgressPolicy.check", () => {
  const { policy } = setup("enforce", [
    "api.openai.com",
    "bedrock-runtime.*.amazonaws.com",
    "*.localhost",
    "localhost:11434",
    "10.1.0.0/16",
    "192.168.1.10",
    "[::1]:8080",
    "metadata.google.internal",
  ]);

  it.each([
    ["https://api.openai.com/v1/chat/completions", true, undefined],
    ["https://API.OPENAI.COM./v1", true, undefined],
    ["http://api.openai.com:8080/v1", true, undefined],
    ["https://bedrock-runtime.us-east-1.amazonaws.com/model/x/invoke", true, undefined],
    ["https://bedrock-runtime.evil.com/", false, "not_allowlisted"],
    ["https://example.com/", false, "not_allowlisted"],
    ["ftp://api.openai.com/", false, "scheme_not_allowed"],
    ["file:///etc/passwd", false, "scheme_not_allowed"],
    ["ws://api.openai.com/", false, "scheme_not_allowed"],
    ["not a url", false, "invalid_url"],
    // Explicit entries open private destinations...
    ["http://localhost:11434/api/chat", true, undefined],
    ["http://10.1.2.3/", true, undefined],
    ["http://192.168.1.10:9000/", true, undefined],
    ["http://[::1]:8080/", true, undefined],
    ["http://metadata.google.internal/", true, undefined],
    // ...but only those: wrong port, other addresses, wildcard names do not.
    ["http://localhost:8080/", false, "private_address"],
    ["http://api.localhost/", false, "private_address"],
    ["http://10.2.0.1/", false, "private_address"],
    ["http://[::1]:8081/", false, "private_address"],
    ["http://169.254.169.254/latest/meta-data/", false, "private_address"],
    ["http://metadata/computeMetadata/v1/", false, "private_address"],
    ["http://[fd00:ec2::254]/", false, "private_address"],
    ["http://0.0.0.0:8080/", false, "private_address"],
    ["http://[::]/", false, "private_address"],
    ["http://224.0.0.1/", false, "private_address"],
    ["http://8.8.8.8/", false, "not_allowlisted"],
  ])("%s → allowed %s (%s)", (url, allowed, reason) => {
    const decision = policy.check(url, "p");
    expect(decision.allowed).toBe(allowed);
    expect(decision.reason).toBe(reason);
  });

  it("reports the host with a non-default port", () => {
    expect(policy.check("http://api.openai.com:8080/x?key=1", "p").host).toBe(
      "api.openai.com:8080",
    );
    expect(policy.check(new URL("https://api.openai.com/x"), "p").host).toBe("api.openai.com");
    expect(policy.check("http://[::1]:8080/", "p").host).toBe("[::1]:8080");
  });

  it.each([
    "http://2130706433/",
    "http://0x7f000001/",
    "http://0x7f.0.0.1/",
    "http://0177.0.0.1/",
    "http://127.1/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:7f00:1]/",
    "http://[::127.0.0.1]/",
    "http://[64:ff9b::7f00:1]/",
    "http://[::ffff:a9fe:a9fe]/",
    "http://0251.0376.0251.0376/",
    "http://2852039166/",
  ])("blocks the encoded private address %s in enforce", (url) => {
    const { policy: strict, blocked } = setup("enforce", ["api.openai.com"]);
    let error: unknown;
    try {
      strict.assertAllowed(url, "openai");
    } catch (err) {
      error = err;
    }
    expect(isEgressBlockedError(error)).toBe(true);
    expect((error as EgressBlockedError).reason).toBe("private_address");
    expect(blocked).toEqual([{ provider: "openai", reason: "private_address", mode: "enforce" }]);
  });

  it("allows an encoded loopback address when an IP entry names it", () => {
    const { policy: local } = setup("enforce", ["127.0.0.1"]);
    expect(local.check("http://2130706433/", "p").allowed).toBe(true);
    expect(local.check("http://[::ffff:7f00:1]/", "p").allowed).toBe(true);
  });

  it("never lets a wildcard entry open a private address", () => {
    const { policy: wild } = setup("enforce", ["*.internal", "*.localhost", "*.google.internal"]);
    expect(wild.check("http://metadata.google.internal/", "p")).toMatchObject({
      allowed: false,
      reason: "private_address",
    });
    expect(wild.check("http://app.localhost/", "p").reason).toBe("private_address");
    expect(wild.check("http://svc.internal/", "p").allowed).toBe(true);
    expect(() => wild.checkResolvedAddress("svc.internal", "10.0.0.5", "p")).toThrow(
      EgressBlockedError,
    );
  });

  it("caches decisions per origin, within a bound", () => {
    const { policy: small } = createEgressPolicyWithCache(2);
    const first = small.check("https://a.com/x", "p");
    expect(small.check("https://a.com/other?y=1", "p")).toBe(first);
    small.check("https://b.com/", "p");
    small.check("https://c.com/", "p");
    const again = small.check("https://a.com/x", "p");
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
    expect(Object.isFrozen(again)).toBe(true);
  });
});

function createEgressPolicyWithCache(cacheSize: number) {
  return {
    policy: createEgressPolicy({ mode: "enforce", allow: ["a.com", "b.com"] }, { cacheSize }),
  };
}

describe("EgressPolicy.assertAllowed", () => {
  it("throws a 403 egress_blocked ProviderError in enforce, counted, without the query string", () => {
    const { policy, blocked, calls } = setup("enforce", ["api.openai.com"]);
    let error: unknown;
    try {
      policy.assertAllowed("https://evil.example.com:8443/v1?key=sk-secret-value&x=1", "openai");
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(EgressBlockedError);
    const blockedError = error as EgressBlockedError;
    expect(isProviderError(blockedError)).toBe(true);
    expect(blockedError.status).toBe(403);
    expect(blockedError.code).toBe("egress_blocked");
    expect(blockedError.retryable).toBe(false);
    expect(blockedError.provider).toBe("openai");
    expect(blockedError.host).toBe("evil.example.com:8443");
    expect(blockedError.reason).toBe("not_allowlisted");
    expect(blockedError.message).toContain("openai");
    expect(blockedError.message).toContain("evil.example.com:8443");
    expect(blockedError.message).not.toContain("sk-secret");
    expect(blockedError.message).not.toContain("/v1");
    expect(JSON.stringify(blockedError)).not.toContain("sk-secret");
    expect(blocked).toEqual([{ provider: "openai", reason: "not_allowlisted", mode: "enforce" }]);
    expect(calls).toEqual([
      {
        level: "warn",
        fields: {
          provider: "openai",
          host: "evil.example.com:8443",
          reason: "not_allowlisted",
          mode: "enforce",
        },
        message: "egress blocked by policy",
      },
    ]);
    expect(JSON.stringify(calls)).not.toContain("sk-secret");
  });

  it("passes allowed URLs without counting", () => {
    const { policy, blocked, calls } = setup("enforce", ["api.openai.com"]);
    policy.assertAllowed("https://api.openai.com/v1", "openai");
    ensureProviderEgress(policy, "openai", new URL("https://api.openai.com/v1"));
    expect(blocked).toEqual([]);
    expect(calls).toEqual([]);
  });

  it("logs a warning and counts in report-only, without throwing", () => {
    const { policy, blocked, calls } = setup("report-only", ["api.openai.com"]);
    expect(() =>
      policy.assertAllowed("http://169.254.169.254/latest?token=abc", "openai"),
    ).not.toThrow();
    expect(blocked).toEqual([
      { provider: "openai", reason: "private_address", mode: "report-only" },
    ]);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.level).toBe("warn");
    expect(calls[0]?.fields).toEqual({
      provider: "openai",
      host: "169.254.169.254",
      reason: "private_address",
      mode: "report-only",
    });
    expect(JSON.stringify(calls)).not.toContain("token=abc");
  });

  it("does nothing in allow mode, while check still tells the truth", () => {
    const { policy, blocked, calls } = setup("allow", []);
    expect(() => policy.assertAllowed("http://169.254.169.254/", "p")).not.toThrow();
    expect(() => policy.assertAllowed("gopher://x/", "p")).not.toThrow();
    expect(policy.checkResolvedAddress("x.com", "127.0.0.1", "p").allowed).toBe(false);
    expect(blocked).toEqual([]);
    expect(calls).toEqual([]);
    expect(policy.check("http://169.254.169.254/", "p").allowed).toBe(false);
  });

  it("works without metrics or logger", () => {
    const policy = createEgressPolicy({ mode: "report-only", allow: [] });
    expect(() => policy.assertAllowed("https://x.com/", "p")).not.toThrow();
    const strict = createEgressPolicy({ mode: "enforce", allow: [] });
    expect(() => ensureProviderEgress(strict, "p", "https://x.com/")).toThrow(EgressBlockedError);
  });
});

describe("EgressPolicy.checkResolvedAddress", () => {
  it("accepts public addresses for any name", () => {
    const { policy, blocked } = setup("enforce", ["*.example.com"]);
    expect(policy.checkResolvedAddress("api.example.com", "93.184.216.34", "p")).toEqual({
      allowed: true,
      host: "api.example.com",
    });
    expect(policy.checkResolvedAddress("api.example.com", "2606:2800:220:1::1", "p").allowed).toBe(
      true,
    );
    expect(blocked).toEqual([]);
  });

  it("refuses a private resolution reached through a wildcard entry (DNS rebinding)", () => {
    const { policy, blocked } = setup("enforce", ["*.example.com"]);
    let error: unknown;
    try {
      policy.checkResolvedAddress("evil.example.com", "169.254.169.254", "openai");
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(EgressBlockedError);
    expect((error as EgressBlockedError).reason).toBe("private_address");
    expect((error as EgressBlockedError).host).toBe("evil.example.com");
    expect((error as Error).message).toContain("resolved to 169.254.169.254");
    expect(blocked).toEqual([{ provider: "openai", reason: "private_address", mode: "enforce" }]);
  });

  it("accepts a private resolution named by an exact hostname, IP or CIDR entry", () => {
    const { policy } = setup("enforce", [
      "ollama.lan:11434",
      "10.0.0.0/8",
      "192.168.1.5:8080",
      "fd00::/8",
    ]);
    expect(policy.checkResolvedAddress("OLLAMA.LAN.", "192.168.7.7", "p").allowed).toBe(true);
    expect(policy.checkResolvedAddress("any.example.com", "10.9.9.9", "p").allowed).toBe(true);
    expect(policy.checkResolvedAddress("any.example.com", "192.168.1.5", "p").allowed).toBe(true);
    expect(policy.checkResolvedAddress("any.example.com", "fd12::1", "p").allowed).toBe(true);
    expect(policy.checkResolvedAddress("any.example.com", "::ffff:10.0.0.1", "p").allowed).toBe(
      true,
    );
    expect(() => policy.checkResolvedAddress("any.example.com", "127.0.0.1", "p")).toThrow(
      EgressBlockedError,
    );
  });

  it("logs the address in report-only and returns the refusal", () => {
    const { policy, blocked, calls } = setup("report-only", ["*.example.com"]);
    const decision = policy.checkResolvedAddress("a.example.com", "127.0.0.1", "p");
    expect(decision).toEqual({ allowed: false, host: "a.example.com", reason: "private_address" });
    expect(blocked).toEqual([{ provider: "p", reason: "private_address", mode: "report-only" }]);
    expect(calls[0]?.fields).toMatchObject({ address: "127.0.0.1", host: "a.example.com" });
  });
});

describe("EgressPolicy.extend", () => {
  it("adds entries and shares metrics and logger, leaving the original alone", () => {
    const { policy, blocked } = setup("enforce", ["api.openai.com"]);
    const extended = policy.extend(["api.anthropic.com"]);
    expect(extended.mode).toBe("enforce");
    expect(extended.entries).toEqual(["api.openai.com", "api.anthropic.com"]);
    expect(extended.check("https://api.anthropic.com/v1", "p").allowed).toBe(true);
    expect(policy.check("https://api.anthropic.com/v1", "p").allowed).toBe(false);
    expect(() => extended.assertAllowed("https://x.com/", "anthropic")).toThrow(EgressBlockedError);
    expect(blocked).toEqual([
      { provider: "anthropic", reason: "not_allowlisted", mode: "enforce" },
    ]);
  });

  it("rejects an invalid extra entry", () => {
    const { policy } = setup("enforce", []);
    expect(() => policy.extend(["https://x.com"])).toThrow(/"https:\/\/x\.com"/);
  });
});

describe("isEgressBlockedError", () => {
  it("recognises a copy from another core by shape", () => {
    expect(isEgressBlockedError({ code: "egress_blocked", host: "x" })).toBe(true);
    expect(isEgressBlockedError({ code: "egress_blocked" })).toBe(false);
    expect(isEgressBlockedError(new Error("x"))).toBe(false);
    expect(isEgressBlockedError(null)).toBe(false);
  });
});
