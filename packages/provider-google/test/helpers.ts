import { readFileSync } from "node:fs";
import { type PluginManifestInput, pluginManifestSchema } from "@oss-ai-agent-tool/core";
import { type Harness, startHarness } from "@oss-ai-agent-tool/testkit";
import plugin, { type GoogleSettings } from "../src/index.js";

/** The `"oaat"` field of this package's `package.json`. */
export function manifestInput(): PluginManifestInput {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
    oaat: PluginManifestInput;
  };
  return pkg.oaat;
}

/** A test API key; never a real one. */
export const TEST_KEY = "gemini-test-key-0001";

/** Starts a mock upstream and the Google provider pointed at it. */
export async function startGoogle(
  settings: (url: string) => Partial<GoogleSettings> = (url) => ({ baseURL: url }),
  options: { egressAllow?: string[] } = {},
): Promise<Harness> {
  return startHarness(
    {
      plugin,
      manifest: pluginManifestSchema.parse(manifestInput()),
      settings: (url) => settings(url) as GoogleSettings,
      credentials: { "provider:google:apiKey": TEST_KEY },
    },
    options,
  );
}
