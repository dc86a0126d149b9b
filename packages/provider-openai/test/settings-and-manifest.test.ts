import { pluginManifestSchema } from "@oss-ai-agent-tool/core";
import { settingsSchemaShape } from "@oss-ai-agent-tool/testkit";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  OPENAI_CAPABILITIES,
  OPENAI_CREDENTIALS,
  OPENAI_PROVIDER_ID,
  openAISettingsSchema,
  parseOpenAISettings,
} from "../src/index.js";
import { manifestInput, startOpenAI } from "./support/harness.js";

const optionsSchema = manifestInput.optionsSchema as {
  properties: Record<
    string,
    { type?: string; enum?: unknown[]; minimum?: number; maximum?: number }
  >;
  additionalProperties: boolean;
};

describe("manifest", () => {
  it("is valid and matches the code: id, capabilities, credentials, egress, base URL env", () => {
    const manifest = pluginManifestSchema.parse(manifestInput);
    expect(manifest).toMatchObject({
      id: OPENAI_PROVIDER_ID,
      entry: "./dist/index.js",
      capabilities: OPENAI_CAPABILITIES,
      egressHosts: ["api.openai.com"],
      defaultModel: "gpt-4o-mini",
      baseURLEnv: "OPENAI_BASE_URL",
    });
    expect(manifest.credentials).toEqual([
      expect.objectContaining({ ...OPENAI_CREDENTIALS.apiKey, required: true }),
      expect.objectContaining({ ...OPENAI_CREDENTIALS.organization, required: false }),
      expect.objectContaining({ ...OPENAI_CREDENTIALS.project, required: false }),
    ]);
  });

  it("carries the settings schema as static JSON Schema: same keys and types as the zod schema", () => {
    const generated = z.toJSONSchema(openAISettingsSchema, { io: "input" }) as {
      properties: Record<string, { type?: string; enum?: unknown[] }>;
      additionalProperties?: unknown;
    };
    expect(settingsSchemaShape(optionsSchema)).toEqual(settingsSchemaShape(generated));
    for (const [key, property] of Object.entries(generated.properties)) {
      if (property.enum) expect(optionsSchema.properties[key]?.enum, key).toEqual(property.enum);
    }
    expect(optionsSchema.additionalProperties).toBe(false);
    expect(generated.additionalProperties).toBe(false);
    expect(JSON.stringify(manifestInput.optionsSchema)).not.toContain('"format"');
  });

  const ajv = new Ajv({ allErrors: true });
  const validate = ajv.compile(manifestInput.optionsSchema);

  it.each([
    [{}],
    [{ baseURL: "https://api.openai.com/v1" }],
    [{ baseURL: "http://127.0.0.1:8080/v1", defaultModel: "gpt-4.1" }],
    [{ timeoutMs: 1, idleTimeoutMs: 30_000, retryAttempts: 10 }],
    [
      {
        organization: "org-abc",
        project: "proj_1",
        defaultEmbeddingModel: "text-embedding-3-large",
      },
    ],
    [{ unsupportedParameters: "reject" }],
    [{ unsupportedParameters: "drop" }],
  ])("both schemas accept %o", (settings) => {
    expect(validate(settings), JSON.stringify(validate.errors)).toBe(true);
    expect(openAISettingsSchema.safeParse(settings).success).toBe(true);
  });

  it.each([
    [{ baseURL: "ftp://example.com" }],
    [{ baseURL: "api.openai.com" }],
    [{ defaultModel: "" }],
    [{ timeoutMs: 0 }],
    [{ timeoutMs: 1.5 }],
    [{ retryAttempts: 11 }],
    [{ retryAttempts: 0 }],
    [{ organization: "" }],
    [{ unsupportedParameters: "ignore" }],
    [{ apiKey: "sk-in-settings" }],
    [{ temperature: 0.2 }],
  ])("both schemas reject %o", (settings) => {
    expect(validate(settings)).toBe(false);
    expect(openAISettingsSchema.safeParse(settings).success).toBe(false);
  });
});

describe("parseOpenAISettings", () => {
  it("returns the settings, and treats absent settings as empty", () => {
    expect(parseOpenAISettings({ timeoutMs: 5 })).toEqual({ timeoutMs: 5 });
    expect(parseOpenAISettings(undefined)).toEqual({});
  });

  it("throws naming each bad field", () => {
    expect(() => parseOpenAISettings({ timeoutMs: -1, unsupportedParameters: "x" })).toThrow(
      /providers\.settings\.openai\.timeoutMs[\s\S]*providers\.settings\.openai\.unsupportedParameters/,
    );
  });

  it("makes the plugin factory refuse bad settings with that message", async () => {
    await expect(startOpenAI({ settings: () => ({ retryAttempts: 99 }) })).rejects.toThrow(
      /providers\.settings\.openai\.retryAttempts/,
    );
  });
});
