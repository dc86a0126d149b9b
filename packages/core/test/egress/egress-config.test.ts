import { describe, expect, it } from "vitest";
import { egressConfigSchema, resolveEgressConfig } from "../../src/egress/egress-config.js";

describe("egressConfigSchema", () => {
  it("defaults to enforce with an empty allowlist", () => {
    expect(egressConfigSchema.parse({})).toEqual({ mode: "enforce", allow: [] });
  });

  it("names a bad entry and what was expected", () => {
    const result = egressConfigSchema.safeParse({ allow: ["api.openai.com", "https://x.com"] });
    expect(result.success).toBe(false);
    const issue = result.error?.issues[0];
    expect(issue?.path).toEqual(["allow", 1]);
    expect(issue?.message).toContain('"https://x.com"');
    expect(issue?.message).toContain("expected a hostname");
  });

  it("rejects an unknown mode", () => {
    expect(egressConfigSchema.safeParse({ mode: "off" }).success).toBe(false);
  });
});

describe("resolveEgressConfig", () => {
  it("uses the config when the environment says nothing", () => {
    expect(resolveEgressConfig({ mode: "report-only", allow: ["a.com"] }, {})).toEqual({
      mode: "report-only",
      allow: ["a.com"],
    });
    expect(resolveEgressConfig(undefined, {})).toEqual({ mode: "enforce", allow: [] });
  });

  it("lets the environment override the mode and append entries", () => {
    const config = resolveEgressConfig(
      { mode: "enforce", allow: ["a.com"] },
      { NETWORK_EGRESS_MODE: " allow ", NETWORK_EGRESS_ALLOW: " b.com, ,10.0.0.0/8," },
    );
    expect(config).toEqual({ mode: "allow", allow: ["a.com", "b.com", "10.0.0.0/8"] });
  });

  it("ignores empty variables", () => {
    expect(
      resolveEgressConfig(
        { mode: "report-only" },
        { NETWORK_EGRESS_MODE: "", NETWORK_EGRESS_ALLOW: "" },
      ),
    ).toEqual({ mode: "report-only", allow: [] });
  });

  it("names the variable and the expected values for a bad mode", () => {
    expect(() => resolveEgressConfig({}, { NETWORK_EGRESS_MODE: "off" })).toThrow(
      'NETWORK_EGRESS_MODE must be one of "enforce", "report-only", "allow"; got "off"',
    );
  });

  it("names the variable and the entry for a bad allow entry", () => {
    expect(() => resolveEgressConfig({}, { NETWORK_EGRESS_ALLOW: "a.com,a.com:99999" })).toThrow(
      /NETWORK_EGRESS_ALLOW: invalid egress allow entry "a\.com:99999": expected a port/,
    );
  });

  it("names the path of a bad config entry", () => {
    expect(() => resolveEgressConfig({ allow: ["ok.com", "bad entry"] }, {})).toThrow(
      /invalid egress config: allow\.1: invalid egress allow entry "bad entry"/,
    );
  });

  it("reads process.env by default", () => {
    const before = process.env.NETWORK_EGRESS_MODE;
    process.env.NETWORK_EGRESS_MODE = "report-only";
    try {
      expect(resolveEgressConfig().mode).toBe("report-only");
    } finally {
      if (before === undefined) delete process.env.NETWORK_EGRESS_MODE;
      else process.env.NETWORK_EGRESS_MODE = before;
    }
  });
});
