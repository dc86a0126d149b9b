import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ProviderError } from "../../src/errors/provider-error.js";
import { readProviderOptions } from "../../src/plugin/read-provider-options.js";

const camelSchema = z
  .object({
    safePrompt: z.boolean(),
    thinkingConfig: z.object({ thinkingBudget: z.number().int() }).strict(),
  })
  .partial();

const snakeSchema = z.object({ top_k: z.number().int(), service_tier: z.string() }).partial();

function rejectionOf(fn: () => unknown): ProviderError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ProviderError) return error;
    throw error;
  }
  throw new Error("expected a ProviderError");
}

describe("readProviderOptions", () => {
  it("returns an empty object for no options", () => {
    expect(readProviderOptions("x", camelSchema, undefined)).toEqual({});
  });

  it("accepts snake_case and camelCase keys, converted to camelCase by default", () => {
    expect(readProviderOptions("x", camelSchema, { safe_prompt: true })).toEqual({
      safePrompt: true,
    });
    expect(readProviderOptions("x", camelSchema, { safePrompt: false })).toEqual({
      safePrompt: false,
    });
  });

  it("ignores unknown keys and undefined values", () => {
    expect(
      readProviderOptions("x", camelSchema, { other: 1, safePrompt: undefined, seed: "s" }),
    ).toEqual({});
  });

  it("converts to snake_case when the schema is spelled that way", () => {
    expect(
      readProviderOptions(
        "x",
        snakeSchema,
        { topK: 3, service_tier: "auto" },
        { keyCase: "snake" },
      ),
    ).toEqual({ top_k: 3, service_tier: "auto" });
  });

  it("leaves nested keys alone unless asked, then converts one level down", () => {
    const raw = { thinking_config: { thinking_budget: 10 } };
    expect(() => readProviderOptions("x", camelSchema, raw)).toThrow(ProviderError);
    expect(readProviderOptions("x", camelSchema, raw, { nestedKeys: true })).toEqual({
      thinkingConfig: { thinkingBudget: 10 },
    });
    expect(() =>
      readProviderOptions("x", camelSchema, { thinkingConfig: "no" }, { nestedKeys: true }),
    ).toThrow(/providerOptions\.x\.thinkingConfig/);
  });

  it("throws a non-retryable 400 naming the bad field", () => {
    const error = rejectionOf(() =>
      readProviderOptions("acme", camelSchema, { safe_prompt: "yes" }),
    );
    expect(error.status).toBe(400);
    expect(error.code).toBe("invalid_provider_options");
    expect(error.provider).toBe("acme");
    expect(error.retryable).toBe(false);
    expect(error.message).toContain("acme: invalid provider options:");
    expect(error.message).toContain("providerOptions.acme.safePrompt");
  });
});
