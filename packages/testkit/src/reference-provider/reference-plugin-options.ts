import type { BaseProviderSettings } from "@oss-ai-agent-tool/core";

/** What `createReferencePlugin` builds a provider from. */
export interface ReferencePluginOptions {
  /** The provider id: the manifest's `id`, the metric label, the `providerOptions` key. */
  id: string;
  /**
   * Environment variable holding the API key, read when the secrets store has
   * none. Omit it for a keyless upstream (a local Ollama or LM Studio): the
   * plugin then declares no credential and sends a fixed placeholder key,
   * because the OpenAI SDK refuses to run without one.
   */
  apiKeyEnv?: string;
  /** Secrets-store key of the API key. Default `provider:<id>:apiKey`. Ignored without `apiKeyEnv`. */
  secretKey?: string;
  /**
   * Model used when neither the request nor `settings.defaultModel` names
   * one. When absent too, the manifest's `defaultModel` is used.
   */
  defaultModel?: string;
}

/** What `referenceManifest` needs beyond the plugin options: fields only the manifest carries. */
export interface ReferenceManifestOptions extends ReferencePluginOptions {
  /** Default `Reference (OpenAI-compatible) <id>`. */
  displayName?: string;
  /** The entry module, relative to the package. Default `./index.js`. */
  entry?: string;
  aliases?: string[];
  /** Hosts added to the egress allowlist when the plugin is enabled. Default none. */
  egressHosts?: string[];
  baseURLEnv?: string;
}

/**
 * Settings of a reference provider (`providers.settings.<id>`). `baseURL` is
 * required in practice: it is handed to the OpenAI SDK as is, so it carries
 * the API's version path, e.g. `http://127.0.0.1:1234/v1`.
 */
export type ReferenceSettings = BaseProviderSettings;

/** The placeholder key a keyless reference provider sends. */
export const KEYLESS_API_KEY = "oaat-keyless";

/** The secrets-store key of the plugin's API key. */
export function referenceSecretKey(options: ReferencePluginOptions): string {
  return options.secretKey ?? `provider:${options.id}:apiKey`;
}
