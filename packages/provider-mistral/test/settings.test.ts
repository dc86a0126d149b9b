import { isProviderError, pluginManifestSchema } from "@oss-ai-agent-tool/core";
import {
  jsonSchemaAccepts,
  type SettingsJsonSchema,
  settingsSchemaShape,
  startHarness,
} from "@oss-ai-agent-tool/testkit";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import plugin, {
  MISTRAL_API_KEY_ENV,
  MISTRAL_API_KEY_SECRET,
  MISTRAL_CAPABILITIES,
  MISTRAL_DEFAULT_MODEL,
  MISTRAL_PROVIDER_ID,
  mistralSettingsSchema,
  parseMistralSettings,
} from "../src/index.js";
import { manifestInput } from "./helpers.js";

const manifest = pluginManifestSchema.parse(manifestInput());
const optionsSchema = manifest.optionsSchema as SettingsJsonSchema;

describe("manifest", () => {
  it("is a valid oaat manifest with the provider's id, capabilities, credential and hosts", () => {
    expect(manifest).toMatchObject({
      id: MISTRAL_PROVIDER_ID,
      entry: "./dist/index.js",
      capabilities: MISTRAL_CAPABILITIES,
      egressHosts: ["api.mistral.ai"],
      defaultModel: MISTRAL_DEFAULT_MODEL,
      credentials: [{ key: MISTRAL_API_KEY_SECRET, env: MISTRAL_API_KEY_ENV, required: true }],
    });
    // The SDK reads no base-URL variable, so the manifest declares none.
    expect(manifest.baseURLEnv).toBeUndefined();
    expect(JSON.stringify(manifest.optionsSchema)).not.toContain('"format"');
  });

  it("has an optionsSchema with the same properties and types as the zod schema", () => {
    const generated = z.toJSONSchema(mistralSettingsSchema) as SettingsJsonSchema;
    expect(settingsSchemaShape(optionsSchema)).toEqual(settingsSchemaShape(generated));
    const props = optionsSchema.properties ?? {};
    for (const [key, rule] of Object.entries(generated.properties ?? {})) {
      // z.int() adds the safe-integer bounds, which the manifest need not repeat.
      if (rule.maximum !== undefined && rule.maximum < Number.MAX_SAFE_INTEGER)
        expect(props[key]?.maximum).toBe(rule.maximum);
      if (rule.minLength !== undefined) expect(props[key]?.minLength).toBe(rule.minLength);
    }
    expect(optionsSchema.additionalProperties).toBe(false);
    expect(generated.additionalProperties).toBe(false);
  });

  it.each([
    [{}, true],
    [{ baseURL: "https://api.mistral.ai" }, true],
    [{ baseURL: "http://127.0.0.1:8080/v1" }, true],
    [{ baseURL: "ftp://api.mistral.ai" }, false],
    [{ baseURL: "api.mistral.ai" }, false],
    [{ defaultModel: "mistral-large-latest", defaultEmbeddingModel: "mistral-embed" }, true],
    [{ defaultModel: "" }, false],
    [{ defaultEmbeddingModel: "" }, false],
    [{ timeoutMs: 30_000, idleTimeoutMs: 5_000, retryAttempts: 10 }, true],
    [{ timeoutMs: 0 }, false],
    [{ timeoutMs: 1.5 }, false],
    [{ idleTimeoutMs: -1 }, false],
    [{ retryAttempts: 11 }, false],
    [{ retryAttempts: 0 }, false],
    [{ safePrompt: true }, true],
    [{ safePrompt: "yes" }, false],
    [{ apiKey: "sk-nope" }, false],
  ])("zod and the manifest agree on %j (valid: %s)", (value, valid) => {
    expect(mistralSettingsSchema.safeParse(value).success).toBe(valid);
    expect(jsonSchemaAccepts(optionsSchema, value)).toBe(valid);
  });
});

describe("parseMistralSettings", () => {
  it("accepts undefined as no settings", () => {
    expect(parseMistralSettings(undefined)).toEqual({});
  });

  it("throws a clear error naming the bad field", () => {
    let caught: unknown;
    try {
      parseMistralSettings({ retryAttempts: 0, baseURL: "nope" });
    } catch (err) {
      caught = err;
    }
    expect(isProviderError(caught)).toBe(true);
    expect(caught).toMatchObject({ code: "invalid_settings", retryable: false });
    const message = (caught as Error).message;
    expect(message).toContain("providers.settings.mistral.retryAttempts");
    expect(message).toContain("providers.settings.mistral.baseURL");
  });

  it("makes the plugin factory throw on bad settings", async () => {
    await expect(
      startHarness({
        plugin,
        manifest,
        settings: (url) => ({ baseURL: url, unknownKey: 1 }) as never,
        credentials: {},
      }),
    ).rejects.toThrow(/providers\.settings\.mistral: Unrecognized key/);
  });
});
