import { settingsSchemaShape } from "@oss-ai-agent-tool/testkit";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { OLLAMA_CAPABILITIES } from "../src/ollama-constants.js";
import { ollamaSettingsSchema, parseOllamaSettings } from "../src/ollama-settings.js";
import { packageManifest } from "./support/manifest.js";

type Schema = Record<string, unknown>;
const manifest = packageManifest();
const manifestSchema = manifest.optionsSchema as Schema & { properties: Record<string, Schema> };

/** The keywords both schemas must agree on, for one property. */
function constraintsOf(schema: Schema): Record<string, unknown> {
  // zod's integers carry the safe-integer range, which JSON Schema leaves implicit.
  const bound = (value: unknown) =>
    typeof value === "number" && Math.abs(value) === Number.MAX_SAFE_INTEGER ? undefined : value;
  const pick = (s: Schema) => ({
    minimum: bound(
      s.minimum ?? (s.exclusiveMinimum !== undefined ? Number(s.exclusiveMinimum) + 1 : undefined),
    ),
    maximum: bound(s.maximum),
    minLength: s.minLength,
  });
  if (Array.isArray(schema.anyOf)) return { anyOf: (schema.anyOf as Schema[]).map(pick) };
  return pick(schema);
}

describe("settings schema", () => {
  const generated = z.toJSONSchema(ollamaSettingsSchema, { io: "input" }) as Schema & {
    properties: Record<string, Schema>;
  };

  it("has the same properties, types and bounds in zod and in the manifest", () => {
    expect(settingsSchemaShape(manifestSchema)).toEqual(settingsSchemaShape(generated));
    for (const [name, prop] of Object.entries(manifestSchema.properties)) {
      const fromZod = generated.properties[name] as Schema;
      expect(constraintsOf(prop), name).toEqual(constraintsOf(fromZod));
    }
    expect(manifestSchema.additionalProperties).toBe(false);
    expect(generated.additionalProperties).toBe(false);
  });

  it("uses no format keyword, and a pattern for the URL", () => {
    expect(JSON.stringify(manifestSchema)).not.toContain('"format"');
    expect(manifestSchema.properties.baseURL).toEqual({ type: "string", pattern: "^https?://" });
  });

  const good = [
    {},
    { baseURL: "http://127.0.0.1:11434" },
    { baseURL: "https://ollama.example.com/proxy", defaultModel: "qwen3:8b" },
    { timeoutMs: 120_000, idleTimeoutMs: 30_000, retryAttempts: 10 },
    { keepAlive: "10m" },
    { keepAlive: -1 },
    { keepAlive: 0, numCtx: 8192 },
  ];
  const bad: Array<[Record<string, unknown>, string]> = [
    [{ baseURL: "127.0.0.1:11434" }, "baseURL"],
    [{ baseURL: "ftp://x" }, "baseURL"],
    [{ defaultModel: "" }, "defaultModel"],
    [{ timeoutMs: 0 }, "timeoutMs"],
    [{ timeoutMs: 1.5 }, "timeoutMs"],
    [{ retryAttempts: 11 }, "retryAttempts"],
    [{ keepAlive: "" }, "keepAlive"],
    [{ keepAlive: 1.5 }, "keepAlive"],
    [{ keepAlive: true }, "keepAlive"],
    [{ numCtx: 0 }, "numCtx"],
    [{ apiKey: "x" }, "apiKey"],
  ];

  it.each(good)("accepts %j", (settings) => {
    expect(parseOllamaSettings(settings)).toEqual(settings);
  });

  it.each(bad)("refuses %j, naming the field", (settings, field) => {
    expect(() => parseOllamaSettings(settings)).toThrow(field);
    expect(() => parseOllamaSettings(settings)).toThrow("providers.settings.ollama");
  });

  it("treats missing settings as empty", () => {
    expect(parseOllamaSettings(undefined)).toEqual({});
  });
});

describe("manifest", () => {
  it("declares what the provider implements, the alias and the loopback egress entries only", () => {
    expect(manifest).toMatchObject({
      id: "ollama",
      aliases: ["local_ollama"],
      entry: "./dist/index.js",
      capabilities: OLLAMA_CAPABILITIES,
      egressHosts: ["127.0.0.1:11434", "localhost:11434", "[::1]:11434"],
    });
    // baseURLEnv would copy a scheme-less OLLAMA_HOST into baseURL, which the schema refuses.
    expect(manifest).not.toHaveProperty("baseURLEnv");
  });

  it("declares its bearer token as optional", () => {
    expect(manifest.credentials).toEqual([
      expect.objectContaining({
        key: "provider:ollama:apiKey",
        env: "OLLAMA_API_KEY",
        required: false,
      }),
    ]);
  });
});
