import { readFileSync } from "node:fs";
import {
  defineProvider,
  type PluginManifestInput,
  type ProviderPlugin,
  pluginManifestSchema,
} from "@oss-ai-agent-tool/core";
import {
  type Harness,
  type HarnessOverrides,
  rejectUnsignedBedrockRequests,
  startHarness,
} from "@oss-ai-agent-tool/testkit";
import plugin, {
  BEDROCK_CREDENTIALS,
  type BedrockProviderOptions,
  type BedrockSettings,
  createBedrockProvider,
} from "../src/index.js";

/** The `"oaat"` field of this package's `package.json`. */
export function manifestInput(): PluginManifestInput {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
    oaat: PluginManifestInput;
  };
  return pkg.oaat;
}

/** Test keys; never real ones. */
export const TEST_ACCESS_KEY_ID = "AKIDBEDROCKTEST0001";
export const TEST_SECRET_ACCESS_KEY = "bedrock-test-secret-0001";
export const TEST_REGION = "us-east-1";

/** Settings that point the provider at a mock upstream. */
export function testSettings(url: string, overrides: HarnessOverrides = {}): BedrockSettings {
  return { baseURL: url, region: TEST_REGION, ...overrides };
}

/** The plugin with test-only options (an empty environment unless given). */
export function pluginWith(options: BedrockProviderOptions): ProviderPlugin<BedrockSettings> {
  return defineProvider<BedrockSettings>((context) =>
    createBedrockProvider(context, { env: {}, ...options }),
  );
}

/** Starts a mock upstream that refuses unsigned requests, and the provider pointed at it. */
export async function startBedrock(
  options: {
    settings?: (url: string) => Partial<BedrockSettings> & Record<string, unknown>;
    credentials?: Record<string, string>;
    provider?: BedrockProviderOptions;
  } = {},
): Promise<Harness> {
  const harness = await startHarness({
    plugin: options.provider ? pluginWith(options.provider) : plugin,
    manifest: pluginManifestSchema.parse(manifestInput()),
    settings: (url) => (options.settings?.(url) ?? testSettings(url)) as BedrockSettings,
    credentials: options.credentials ?? {
      [BEDROCK_CREDENTIALS.accessKeyId.key]: TEST_ACCESS_KEY_ID,
      [BEDROCK_CREDENTIALS.secretAccessKey.key]: TEST_SECRET_ACCESS_KEY,
    },
  });
  rejectUnsignedBedrockRequests(harness.upstream, TEST_REGION);
  return harness;
}
