import {
  defineProvider,
  type ProviderCapabilities,
  pluginManifestSchema,
} from "@oss-ai-agent-tool/core";
import { type Harness, type HarnessOverrides, startHarness } from "@oss-ai-agent-tool/testkit";
import OpenAI from "openai";
import {
  createOpenAICompatibleProvider,
  type OpenAICompatibleProviderOptions,
} from "../../src/index.js";
import { acmeManifest } from "./acme-manifest.js";

export const ACME_KEY = "sk-acme-test-0001";

export const allCapabilities: ProviderCapabilities = {
  chat: true,
  stream: true,
  tools: true,
  embeddings: true,
  vision: true,
  responseFormat: true,
  reasoning: false,
};

type Extra = Partial<Omit<OpenAICompatibleProviderOptions, "metrics" | "logger">>;

/**
 * Starts a provider made with createOpenAICompatibleProvider directly, id
 * "acme", pointed at a mock upstream, with the given options.
 */
export function startCompatible(
  extra: Extra = {},
  overrides: HarnessOverrides = {},
): Promise<Harness> {
  const capabilities = extra.capabilities ?? allCapabilities;
  const plugin = defineProvider<{ baseURL: string }>(({ settings, fetch, metrics, logger }) => {
    const client = new OpenAI({
      apiKey: ACME_KEY,
      baseURL: settings.baseURL,
      maxRetries: 0,
      fetch,
    });
    return createOpenAICompatibleProvider({
      id: "acme",
      capabilities,
      metrics,
      logger,
      client: async () => client,
      retryAttempts: overrides.retryAttempts ?? 1,
      ...(overrides.timeoutMs !== undefined ? { timeoutMs: overrides.timeoutMs } : {}),
      ...extra,
    });
  });
  return startHarness({
    plugin,
    manifest: pluginManifestSchema.parse({ ...acmeManifest, capabilities }),
    settings: (url) => ({ baseURL: `${url}/v1` }),
    credentials: {},
  });
}
