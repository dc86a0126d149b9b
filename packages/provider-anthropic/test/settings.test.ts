import { isProviderError, pluginManifestSchema } from "@oss-ai-agent-tool/core";
import {
  jsonSchemaAccepts,
  type SettingsJsonSchema,
  settingsSchemaShape,
} from "@oss-ai-agent-tool/testkit";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  ANTHROPIC_API_KEY_ENV,
  ANTHROPIC_API_KEY_SECRET,
  ANTHROPIC_CAPABILITIES,
  ANTHROPIC_DEFAULT_MODEL,
  ANTHROPIC_PROVIDER_ID,
  anthropicSettingsSchema,
  parseAnthropicSettings,
} from "../src/index.js";
import { manifestInput, startAnthropic } from "./helpers.js";

const manifest = pluginManifestSchema.parse(manifestInput());
const optionsSchema = manifest.optionsSchema as SettingsJsonSchema;

describe("manifest", () => {
  it("is a valid oaat manifest with the provider's id, capabilities, credential, hosts and base-URL variable", () => {
    expect(manifest).toMatchObject({
      id: ANTHROPIC_PROVIDER_ID,
      entry: "./dist/index.js",
      capabilities: ANTHROPIC_CAPABILITIES,
      egressHosts: ["api.anthropic.com"],
      defaultModel: ANTHROPIC_DEFAULT_MODEL,
      baseURLEnv: "ANTHROPIC_BASE_URL",
      credentials: [{ key: ANTHROPIC_API_KEY_SECRET, env: ANTHROPIC_API_KEY_ENV, required: true }],
    });
    expect(manifest.capabilities.embeddings).toBe(false);
    expect(JSON.stringify(manifest.optionsSchema)).not.toContain('"format"');
  });

  it("has an optionsSchema with the same properties, types and enums as the zod schema", () => {
    const generated = z.toJSONSchema(anthropicSettingsSchema, {
      io: "input",
    }) as SettingsJsonSchema;
    expect(settingsSchemaShape(optionsSchema)).toEqual(settingsSchemaShape(generated));
    const props = optionsSchema.properties ?? {};
    for (const [key, rule] of Object.entries(generated.properties ?? {})) {
      if (rule.enum) expect(props[key]?.enum, key).toEqual(rule.enum);
      if (rule.maximum !== undefined && rule.maximum < Number.MAX_SAFE_INTEGER)
        expect(props[key]?.maximum, key).toBe(rule.maximum);
      if (rule.minimum !== undefined) expect(props[key]?.minimum, key).toBe(rule.minimum);
      if (rule.minLength !== undefined) expect(props[key]?.minLength, key).toBe(rule.minLength);
    }
    expect(props.betas?.items?.minLength).toBe(1);
    expect(optionsSchema.additionalProperties).toBe(false);
    expect(generated.additionalProperties).toBe(false);
  });

  it.each([
    [{}],
    [{ baseURL: "https://api.anthropic.com" }],
    [{ baseURL: "http://127.0.0.1:8080/v1", defaultModel: "claude-sonnet-4-6" }],
    [{ timeoutMs: 1, idleTimeoutMs: 30_000, retryAttempts: 10 }],
    [{ defaultMaxTokens: 8192, anthropicVersion: "2023-06-01" }],
    [{ anthropicVersion: "2026-10-21", unsupportedParameters: "reject" }],
    [{ unsupportedParameters: "drop", betas: ["context-1m-2025-08-07", "other-beta"] }],
    [{ betas: [] }],
  ])("both schemas accept %o", (settings) => {
    expect(jsonSchemaAccepts(optionsSchema, settings)).toBe(true);
    expect(anthropicSettingsSchema.safeParse(settings).success).toBe(true);
  });

  it.each([
    [{ baseURL: "ftp://example.com" }],
    [{ baseURL: "api.anthropic.com" }],
    [{ defaultModel: "" }],
    [{ timeoutMs: 0 }],
    [{ timeoutMs: 1.5 }],
    [{ retryAttempts: 11 }],
    [{ defaultMaxTokens: 0 }],
    [{ defaultMaxTokens: "4096" }],
    [{ anthropicVersion: "2024-01-01" }],
    [{ unsupportedParameters: "ignore" }],
    [{ betas: "context-1m" }],
    [{ betas: [""] }],
    [{ apiKey: "sk-ant-in-settings" }],
    [{ temperature: 0.2 }],
  ])("both schemas reject %o", (settings) => {
    expect(jsonSchemaAccepts(optionsSchema, settings)).toBe(false);
    expect(anthropicSettingsSchema.safeParse(settings).success).toBe(false);
  });
});

describe("parseAnthropicSettings", () => {
  it("returns the settings, and treats absent settings as empty", () => {
    expect(parseAnthropicSettings({ defaultMaxTokens: 5 })).toEqual({ defaultMaxTokens: 5 });
    expect(parseAnthropicSettings(undefined)).toEqual({});
  });

  it("throws a ProviderError naming each bad field", () => {
    let error: unknown;
    try {
      parseAnthropicSettings({ timeoutMs: -1, anthropicVersion: "x" });
    } catch (err) {
      error = err;
    }
    expect(isProviderError(error)).toBe(true);
    expect(error).toMatchObject({ status: 500, code: "invalid_settings", provider: "anthropic" });
    expect((error as Error).message).toMatch(
      /providers\.settings\.anthropic\.timeoutMs[\s\S]*providers\.settings\.anthropic\.anthropicVersion/,
    );
  });

  it("makes the plugin factory refuse bad settings with that message", async () => {
    await expect(startAnthropic(() => ({ retryAttempts: 99 }))).rejects.toThrow(
      /providers\.settings\.anthropic\.retryAttempts/,
    );
  });
});
