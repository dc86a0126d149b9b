import { readFileSync } from "node:fs";
import {
  type PluginManifest,
  type PluginManifestInput,
  pluginManifestSchema,
} from "@oss-ai-agent-tool/core";
import { type Harness, type HarnessOverrides, startHarness } from "@oss-ai-agent-tool/testkit";
import openAIPlugin, { type OpenAISettings } from "../../src/index.js";

/** The `"oaat"` manifest exactly as package.json carries it. */
export const manifestInput: PluginManifestInput = (
  JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    oaat: PluginManifestInput;
  }
).oaat;

export const manifest: PluginManifest = pluginManifestSchema.parse(manifestInput);

export const API_KEY = "sk-test-openai-provider-0001";

export interface StartOptions {
  settings?: (url: string) => Partial<OpenAISettings> & Record<string, unknown>;
  credentials?: Record<string, string>;
  overrides?: HarnessOverrides;
}

/** Starts a mock upstream and the OpenAI plugin pointed at it, built as the orchestrator builds it. */
export function startOpenAI(options: StartOptions = {}): Promise<Harness> {
  return startHarness<OpenAISettings>(
    {
      plugin: openAIPlugin,
      manifest,
      settings: (url, overrides) => ({
        baseURL: `${url}/v1`,
        retryAttempts: 1,
        ...overrides,
        ...options.settings?.(url),
      }),
      credentials: options.credentials ?? { "provider:openai:apiKey": API_KEY },
    },
    { overrides: options.overrides ?? {} },
  );
}

export async function* fromArray<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}
