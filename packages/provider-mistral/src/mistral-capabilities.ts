import type { ProviderCapabilities } from "@oss-ai-agent-tool/core";

/** What the Mistral provider can do; the manifest in `package.json` declares exactly this. */
export const MISTRAL_CAPABILITIES: Readonly<ProviderCapabilities> = Object.freeze({
  chat: true,
  stream: true,
  tools: true,
  embeddings: true,
  vision: true,
  responseFormat: true,
  reasoning: true,
});

/** Chat model used when neither the request nor the settings name one. */
export const MISTRAL_DEFAULT_MODEL = "mistral-small-latest";

/** Embedding model used when neither the request nor the settings name one. */
export const MISTRAL_DEFAULT_EMBEDDING_MODEL = "mistral-embed";

/** The secrets-store key of the API key. */
export const MISTRAL_API_KEY_SECRET = "provider:mistral:apiKey";

/** The environment variable read when the secrets store has no API key. */
export const MISTRAL_API_KEY_ENV = "MISTRAL_API_KEY";
