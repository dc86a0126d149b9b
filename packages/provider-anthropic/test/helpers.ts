import { readFileSync } from "node:fs";
import { type PluginManifestInput, pluginManifestSchema } from "@oss-ai-agent-tool/core";
import { type Harness, startHarness } from "@oss-ai-agent-tool/testkit";
import plugin, { ANTHROPIC_API_KEY_SECRET, type AnthropicSettings } from "../src/index.js";

/** The `"oaat"` field of this package's `package.json`. */
export function manifestInput(): PluginManifestInput {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
    oaat: PluginManifestInput;
  };
  return pkg.oaat;
}

/** A test API key; never a real one. */
export const TEST_KEY = "anthropic-test-key-0001";

/** Starts a mock upstream and the Anthropic provider pointed at it. */
export async function startAnthropic(
  settings: (url: string) => Partial<AnthropicSettings> = (url) => ({ baseURL: url }),
  options: { egressAllow?: string[] } = {},
): Promise<Harness> {
  return startHarness(
    {
      plugin,
      manifest: pluginManifestSchema.parse(manifestInput()),
      settings: (url) => settings(url) as AnthropicSettings,
      credentials: { [ANTHROPIC_API_KEY_SECRET]: TEST_KEY },
    },
    options,
  );
}
