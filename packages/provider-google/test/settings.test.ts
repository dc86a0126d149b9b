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
  GOOGLE_API_KEY_ENV,
  GOOGLE_API_KEY_SECRET,
  GOOGLE_CAPABILITIES,
  GOOGLE_DEFAULT_MODEL,
  GOOGLE_PROVIDER_ID,
  googleSettingsSchema,
  parseGoogleSettings,
} from "../src/index.js";
import { manifestInput } from "./helpers.js";

const manifest = pluginManifestSchema.parse(manifestInput());
const optionsSchema = manifest.optionsSchema as SettingsJsonSchema;

describe("manifest", () => {
  it("is a valid oaat manifest with the provider's id, alias, capabilities, credential and host", () => {
    expect(manifest).toMatchObject({
      id: GOOGLE_PROVIDER_ID,
      aliases: ["gemini"],
      entry: "./dist/index.js",
      capabilities: GOOGLE_CAPABILITIES,
      egressHosts: ["generativelanguage.googleapis.com"],
      defaultModel: GOOGLE_DEFAULT_MODEL,
      // The official SDK's own base-URL variable.
      baseURLEnv: "GOOGLE_GEMINI_BASE_URL",
      credentials: [{ key: GOOGLE_API_KEY_SECRET, env: [...GOOGLE_API_KEY_ENV], required: true }],
    });
    expect(GOOGLE_API_KEY_ENV).toEqual(["GOOGLE_API_KEY", "GEMINI_API_KEY"]);
    expect(JSON.stringify(manifest.optionsSchema)).not.toContain('"format"');
  });

  it("has an optionsSchema with the same properties and types as the zod schema", () => {
    const generated = z.toJSONSchema(googleSettingsSchema, { io: "input" }) as SettingsJsonSchema;
    expect(settingsSchemaShape(optionsSchema)).toEqual(settingsSchemaShape(generated));
    const props = optionsSchema.properties ?? {};
    for (const [key, rule] of Object.entries(generated.properties ?? {})) {
      // z.int() adds the safe-integer bounds, which the manifest need not repeat.
      if (rule.maximum !== undefined && rule.maximum < Number.MAX_SAFE_INTEGER)
        expect(props[key]?.maximum).toBe(rule.maximum);
      if (rule.minLength !== undefined) expect(props[key]?.minLength).toBe(rule.minLength);
      if (rule.enum !== undefined) expect(props[key]?.enum).toEqual(rule.enum);
    }
    expect(optionsSchema.additionalProperties).toBe(false);
  });

  it.each([
    [{}, true],
    [{ baseURL: "https://generativelanguage.googleapis.com" }, true],
    [{ baseURL: "http://127.0.0.1:8080/v1beta" }, true],
    [{ baseURL: "ftp://generativelanguage.googleapis.com" }, false],
    [{ baseURL: "generativelanguage.googleapis.com" }, false],
    [{ defaultModel: "gemini-2.5-pro", defaultEmbeddingModel: "text-embedding-004" }, true],
    [{ defaultModel: "" }, false],
    [{ defaultEmbeddingModel: "" }, false],
    [{ apiVersion: "v1" }, true],
    [{ apiVersion: "v1alpha" }, true],
    [{ apiVersion: "beta" }, false],
    [{ schemaMode: "json-schema" }, true],
    [{ schemaMode: "openapi" }, true],
    [{ schemaMode: "strict" }, false],
    [{ safetySettings: [{ category: "HARM_CATEGORY_HARASSMENT", threshold: "BLOCK_NONE" }] }, true],
    [{ safetySettings: [{ category: "HARM_CATEGORY_HARASSMENT" }] }, false],
    [{ safetySettings: [{ category: "A", threshold: "B", extra: 1 }] }, false],
    [{ safetySettings: "BLOCK_NONE" }, false],
    [{ timeoutMs: 30_000, idleTimeoutMs: 5_000, retryAttempts: 10 }, true],
    [{ timeoutMs: 0 }, false],
    [{ timeoutMs: 1.5 }, false],
    [{ idleTimeoutMs: -1 }, false],
    [{ retryAttempts: 11 }, false],
    [{ retryAttempts: 0 }, false],
    [{ apiKey: "AIza-nope" }, false],
  ])("zod and the manifest agree on %j (valid: %s)", (value, valid) => {
    expect(googleSettingsSchema.safeParse(value).success).toBe(valid);
    expect(jsonSchemaAccepts(optionsSchema, value)).toBe(valid);
  });
});

describe("parseGoogleSettings", () => {
  it("accepts undefined as no settings", () => {
    expect(parseGoogleSettings(undefined)).toEqual({});
  });

  it("throws a clear error naming the bad field", () => {
    let caught: unknown;
    try {
      parseGoogleSettings({ retryAttempts: 0, baseURL: "nope" });
    } catch (err) {
      caught = err;
    }
    expect(isProviderError(caught)).toBe(true);
    expect(caught).toMatchObject({ code: "invalid_settings", retryable: false });
    const message = (caught as Error).message;
    expect(message).toContain("providers.settings.google.retryAttempts");
    expect(message).toContain("providers.settings.google.baseURL");
  });

  it("makes the plugin factory throw on bad settings", async () => {
    await expect(
      startHarness({
        plugin,
        manifest,
        settings: (url) => ({ baseURL: url, unknownKey: 1 }) as never,
        credentials: {},
      }),
    ).rejects.toThrow(/providers\.settings\.google: Unrecognized key/);
  });
});
