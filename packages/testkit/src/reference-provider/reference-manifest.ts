import type { PluginManifestInput, ProviderCapabilities } from "@oss-ai-agent-tool/core";
import { type ReferenceManifestOptions, referenceSecretKey } from "./reference-plugin-options.js";

/**
 * JSON Schema of `ReferenceSettings`. It repeats core's
 * `baseProviderSettingsSchema` by hand because the orchestrator validates
 * settings against the manifest, which must stay plain JSON. No `format`
 * keyword: validators reject unknown formats unless a format plugin is loaded.
 */
const optionsSchema = {
  type: "object",
  properties: {
    baseURL: { type: "string", pattern: "^https?://" },
    defaultModel: { type: "string", minLength: 1 },
    timeoutMs: { type: "integer", minimum: 1 },
    idleTimeoutMs: { type: "integer", minimum: 1 },
    retryAttempts: { type: "integer", minimum: 1, maximum: 10 },
  },
  additionalProperties: false,
};

/** What the reference provider can do; its manifest declares exactly this. */
export const REFERENCE_CAPABILITIES: Readonly<ProviderCapabilities> = Object.freeze({
  chat: true,
  stream: true,
  tools: true,
  embeddings: true,
  vision: true,
  responseFormat: true,
  reasoning: false,
});

/**
 * The `"oaat"` manifest of a reference provider, as its `package.json` would
 * carry it. Pass the same options as to `createReferencePlugin` so that
 * id, credential and default model agree; the conformance suite checks that
 * the capabilities do.
 */
export function referenceManifest(options: ReferenceManifestOptions): PluginManifestInput {
  return {
    pluginApi: "^1.0.0",
    id: options.id,
    ...(options.aliases?.length ? { aliases: [...options.aliases] } : {}),
    displayName: options.displayName ?? `Reference (OpenAI-compatible) ${options.id}`,
    entry: options.entry ?? "./index.js",
    capabilities: { ...REFERENCE_CAPABILITIES },
    credentials: options.apiKeyEnv
      ? [
          {
            key: referenceSecretKey(options),
            env: options.apiKeyEnv,
            description: "API key",
            required: true,
          },
        ]
      : [],
    egressHosts: [...(options.egressHosts ?? [])],
    ...(options.defaultModel ? { defaultModel: options.defaultModel } : {}),
    ...(options.baseURLEnv ? { baseURLEnv: options.baseURLEnv } : {}),
    optionsSchema: structuredClone(optionsSchema),
  };
}
