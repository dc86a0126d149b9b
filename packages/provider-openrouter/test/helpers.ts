import {
  type PluginManifest,
  type ProviderPlugin,
  pluginManifestSchema,
} from "@oss-ai-agent-tool/core";
import { type Harness, startHarness } from "@oss-ai-agent-tool/testkit";
import pkg from "../package.json" with { type: "json" };

/** The package's manifest, as the orchestrator reads it. */
export const manifest: PluginManifest = pluginManifestSchema.parse(pkg.oaat);

/** A test API key; long enough to be registered for redaction. */
export const API_KEY = "sk-or-v1-test-key-0001";

export const hello = [{ role: "user" as const, content: "Say hello." }];

/** Starts the mock upstream and the plugin, as the orchestrator would. */
export async function startOpenRouter<T>(
  plugin: ProviderPlugin<T>,
  settings: (url: string) => T,
  credentials: Record<string, string> = { "provider:openrouter:apiKey": API_KEY },
  egressAllow?: string[],
): Promise<Harness> {
  return startHarness(
    { plugin, manifest, settings, credentials },
    egressAllow ? { egressAllow } : {},
  );
}
