import type { PluginManifestInput } from "@oss-ai-agent-tool/core";
import { pluginManifestSchema } from "@oss-ai-agent-tool/core";
import { type Harness, startHarness } from "@oss-ai-agent-tool/testkit";
import { afterEach } from "vitest";
import plugin from "../../src/index.js";
import { packageManifest } from "./manifest.js";

/** How to build one provider for a test. */
export interface StartOptions {
  /** Settings from the mock's URL; default `{ baseURL: url, retryAttempts: 3 }`. */
  settings?: (url: string) => Record<string, unknown>;
  manifest?: Partial<PluginManifestInput>;
  credentials?: Record<string, string>;
  egressAllow?: string[];
}

/** Starts providers over a mock upstream and closes them after each test. */
export function useOllamaHarness(): (options?: StartOptions) => Promise<Harness> {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });
  return async (options = {}) => {
    harness = await startHarness(
      {
        plugin,
        manifest: pluginManifestSchema.parse({ ...packageManifest(), ...options.manifest }),
        settings: (url) => (options.settings?.(url) ?? { baseURL: url, retryAttempts: 3 }) as never,
        credentials: options.credentials ?? {},
      },
      options.egressAllow ? { egressAllow: options.egressAllow } : {},
    );
    return harness;
  };
}
