import { describe, expect, it } from "vitest";
import { z } from "zod";
import { invalidSettingsError, isProviderError, parseProviderSettings } from "../../src/index.js";

const schema = z.strictObject({
  timeoutMs: z.number().int().positive().optional(),
  region: z.string().optional(),
});

describe("parseProviderSettings", () => {
  it("returns the parsed settings, and treats undefined as none", () => {
    expect(parseProviderSettings("acme", schema, { timeoutMs: 5 })).toEqual({ timeoutMs: 5 });
    expect(parseProviderSettings("acme", schema, undefined)).toEqual({});
  });

  it("throws a non-retryable 500 invalid_settings naming every bad field under providers.settings", () => {
    let caught: unknown;
    try {
      parseProviderSettings("acme", schema, { timeoutMs: -1, region: 3, extra: true });
    } catch (err) {
      caught = err;
    }
    expect(isProviderError(caught)).toBe(true);
    expect(caught).toMatchObject({
      status: 500,
      code: "invalid_settings",
      provider: "acme",
      retryable: false,
    });
    const message = (caught as Error).message;
    expect(message).toMatch(/^acme: invalid settings: /);
    for (const field of ["timeoutMs", "region"])
      expect(message).toContain(`providers.settings.acme.${field}`);
    expect(message).toContain("extra");
  });

  it("builds the same error for a check the schema cannot express", () => {
    expect(invalidSettingsError("acme", "region is required")).toMatchObject({
      message: "acme: invalid settings: region is required",
      code: "invalid_settings",
    });
  });
});
