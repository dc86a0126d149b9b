import type { ProviderCapabilities } from "@oss-ai-agent-tool/core";

/** The provider id: the manifest's `id`, the metric label and the `providerOptions` key. */
export const OLLAMA_PROVIDER_ID = "ollama";

/** Where a local Ollama listens when nothing says otherwise, as the Ollama CLI assumes. */
export const OLLAMA_DEFAULT_HOST = "http://127.0.0.1:11434";

/** Ollama's own variable for the server address, read when `settings.baseURL` is absent. */
export const OLLAMA_HOST_ENV = "OLLAMA_HOST";

/** The optional bearer token for a hosted or proxied Ollama, as the official SDK names it. */
export const OLLAMA_API_KEY_ENV = "OLLAMA_API_KEY";

/** The secrets-store key of the optional bearer token. */
export const OLLAMA_API_KEY_SECRET = "provider:ollama:apiKey";

/** What the provider can do; the manifest in `package.json` declares exactly this. */
export const OLLAMA_CAPABILITIES: Readonly<ProviderCapabilities> = Object.freeze({
  chat: true,
  stream: true,
  tools: true,
  embeddings: true,
  vision: true,
  responseFormat: true,
  reasoning: true,
});
