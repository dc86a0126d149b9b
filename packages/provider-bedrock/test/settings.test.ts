import { createEgressPolicy, isProviderError, pluginManifestSchema } from "@oss-ai-agent-tool/core";
import {
  jsonSchemaAccepts,
  type SettingsJsonSchema,
  settingsSchemaShape,
  startHarness,
} from "@oss-ai-agent-tool/testkit";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import plugin, {
  BEDROCK_CAPABILITIES,
  BEDROCK_CREDENTIALS,
  BEDROCK_DEFAULT_MODEL,
  BEDROCK_PROVIDER_ID,
  BEDROCK_REGION_ENV,
  bedrockSettingsSchema,
  parseBedrockSettings,
  resolveBedrockRegion,
} from "../src/index.js";
import { manifestInput, pluginWith, testSettings } from "./helpers.js";

const manifest = pluginManifestSchema.parse(manifestInput());
const optionsSchema = manifest.optionsSchema as SettingsJsonSchema;

describe("manifest", () => {
  it("is a valid oaat manifest with the provider's id, capabilities, credentials and hosts", () => {
    expect(manifest).toMatchObject({
      id: BEDROCK_PROVIDER_ID,
      aliases: ["aws-bedrock", "amazon-bedrock"],
      entry: "./dist/index.js",
      capabilities: BEDROCK_CAPABILITIES,
      egressHosts: ["bedrock-runtime.*.amazonaws.com", "bedrock-runtime-fips.*.amazonaws.com"],
      defaultModel: BEDROCK_DEFAULT_MODEL,
      baseURLEnv: "AWS_ENDPOINT_URL_BEDROCK_RUNTIME",
    });
    // Not required: with none set, the AWS default credential chain signs the requests.
    expect(manifest.credentials).toEqual(
      Object.values(BEDROCK_CREDENTIALS).map(({ key, env }) =>
        expect.objectContaining({ key, env, required: false }),
      ),
    );
    expect(JSON.stringify(manifest.optionsSchema)).not.toContain('"format"');
  });

  it("has an optionsSchema with the same properties and types as the zod schema", () => {
    const generated = z.toJSONSchema(bedrockSettingsSchema, { io: "input" }) as SettingsJsonSchema;
    expect(settingsSchemaShape(optionsSchema)).toEqual(settingsSchemaShape(generated));
    const props = optionsSchema.properties ?? {};
    for (const [key, rule] of Object.entries(generated.properties ?? {})) {
      // z.int() adds the safe-integer bounds, which the manifest need not repeat.
      if (rule.maximum !== undefined && rule.maximum < Number.MAX_SAFE_INTEGER)
        expect(props[key]?.maximum).toBe(rule.maximum);
      if (rule.minLength !== undefined) expect(props[key]?.minLength).toBe(rule.minLength);
      if (rule.pattern !== undefined && key !== "baseURL")
        expect(props[key]?.pattern).toBe(rule.pattern);
    }
  });

  it.each([
    [{}, true],
    [{ region: "us-east-1" }, true],
    [{ region: "eu-central-1", useFipsEndpoint: false }, true],
    [{ region: "us-gov-west-1" }, true],
    [{ region: "ap-southeast-2" }, true],
    [{ region: "US-EAST-1" }, false],
    [{ region: "us-east-1.evil.com" }, false],
    [{ region: "useast1" }, false],
    [{ baseURL: "https://vpce-0abc.bedrock-runtime.us-east-1.vpce.amazonaws.com" }, true],
    [{ baseURL: "http://127.0.0.1:8080" }, true],
    [{ baseURL: "ftp://bedrock.example" }, false],
    [
      {
        defaultModel: "amazon.nova-lite-v1:0",
        defaultEmbeddingModel: "amazon.titan-embed-text-v2:0",
      },
      true,
    ],
    [{ defaultModel: "" }, false],
    [{ models: ["a", "b"] }, true],
    [{ models: [""] }, false],
    [{ models: "a" }, false],
    [{ useFipsEndpoint: "yes" }, false],
    [{ embedConcurrency: 1 }, true],
    [{ embedConcurrency: 16 }, true],
    [{ embedConcurrency: 0 }, false],
    [{ embedConcurrency: 17 }, false],
    [{ embedConcurrency: 1.5 }, false],
    [{ timeoutMs: 30_000, idleTimeoutMs: 5_000, retryAttempts: 10 }, true],
    [{ timeoutMs: 0 }, false],
    [{ retryAttempts: 11 }, false],
    [{ accessKeyId: "AKID" }, false],
  ])("zod and the manifest agree on %j (valid: %s)", (value, valid) => {
    expect(bedrockSettingsSchema.safeParse(value).success).toBe(valid);
    expect(jsonSchemaAccepts(optionsSchema, value)).toBe(valid);
  });
});

describe("egress hosts", () => {
  const policy = createEgressPolicy({ mode: "enforce", allow: manifest.egressHosts });
  const allowed = (url: string) => policy.check(url, BEDROCK_PROVIDER_ID).allowed;

  it.each([
    "https://bedrock-runtime.us-east-1.amazonaws.com/model/x/converse",
    "https://bedrock-runtime.eu-central-1.amazonaws.com/model/x/converse-stream",
    "https://bedrock-runtime.ap-southeast-2.amazonaws.com/model/x/invoke",
    "https://bedrock-runtime.us-gov-west-1.amazonaws.com/model/x/converse",
    "https://bedrock-runtime-fips.us-east-1.amazonaws.com/model/x/converse",
  ])("allows the regional runtime host of %s", (url) => {
    expect(allowed(url)).toBe(true);
  });

  it.each([
    "https://bedrock.us-east-1.amazonaws.com/foundation-models",
    "https://bedrock-runtime.us-east-1.amazonaws.com.evil.example/model/x/converse",
    "https://bedrock-runtime.a.b.amazonaws.com/model/x/converse",
    "https://sts.amazonaws.com/",
    "https://evil.example/bedrock-runtime.us-east-1.amazonaws.com",
  ])("refuses %s", (url) => {
    expect(allowed(url)).toBe(false);
  });
});

describe("parseBedrockSettings", () => {
  it("accepts undefined as no settings", () => {
    expect(parseBedrockSettings(undefined)).toEqual({});
  });

  it("throws a clear error naming the bad fields", () => {
    let caught: unknown;
    try {
      parseBedrockSettings({ retryAttempts: 0, region: "moon-1" });
    } catch (err) {
      caught = err;
    }
    expect(isProviderError(caught)).toBe(true);
    expect(caught).toMatchObject({ code: "invalid_settings", retryable: false });
    const message = (caught as Error).message;
    expect(message).toContain("providers.settings.bedrock.retryAttempts");
    expect(message).toContain("providers.settings.bedrock.region");
  });

  it("makes the plugin factory throw on bad settings", async () => {
    await expect(
      startHarness({
        plugin,
        manifest,
        settings: (url) => ({ ...testSettings(url), unknownKey: 1 }) as never,
        credentials: {},
      }),
    ).rejects.toThrow(/providers\.settings\.bedrock: Unrecognized key/);
  });
});

describe("resolveBedrockRegion", () => {
  it("prefers the settings, then AWS_REGION, then AWS_DEFAULT_REGION", () => {
    const env = { AWS_REGION: "eu-west-1", AWS_DEFAULT_REGION: "us-west-2" };
    expect(resolveBedrockRegion({ region: "us-east-1" }, env, BEDROCK_REGION_ENV)).toBe(
      "us-east-1",
    );
    expect(resolveBedrockRegion({}, env, BEDROCK_REGION_ENV)).toBe("eu-west-1");
    expect(
      resolveBedrockRegion(
        {},
        { AWS_REGION: " ", AWS_DEFAULT_REGION: "us-west-2" },
        BEDROCK_REGION_ENV,
      ),
    ).toBe("us-west-2");
  });

  it("refuses a malformed region from the environment, naming the variable", () => {
    expect(() => resolveBedrockRegion({}, { AWS_REGION: "nowhere" }, BEDROCK_REGION_ENV)).toThrow(
      /AWS_REGION: must be an AWS region/,
    );
  });

  it("names every way to set a missing region, and the factory fails with it", async () => {
    expect(() => resolveBedrockRegion({}, {}, BEDROCK_REGION_ENV)).toThrow(
      /no AWS region configured: set providers\.settings\.bedrock\.region or the environment variable AWS_REGION or AWS_DEFAULT_REGION/,
    );
    await expect(
      startHarness({
        plugin: pluginWith({ env: {} }),
        manifest,
        settings: (url) => ({ baseURL: url }),
        credentials: {},
      }),
    ).rejects.toMatchObject({ code: "invalid_settings" });
  });

  it("lets the factory take the region from the environment", async () => {
    const h = await startHarness({
      plugin: pluginWith({ env: { AWS_DEFAULT_REGION: "eu-central-1" } }),
      manifest,
      settings: (url) => ({ baseURL: url }),
      credentials: {},
    });
    await h.close();
  });
});
