import type { ProviderCapabilities } from "@oss-ai-agent-tool/core";

/** What the Google provider can do; the manifest in `package.json` declares exactly this. */
export const GOOGLE_CAPABILITIES: Readonly<ProviderCapabilities> = Object.freeze({
  chat: true,
  stream: true,
  tools: true,
  embeddings: true,
  vision: true,
  responseFormat: true,
  reasoning: true,
});

/** Chat model used when neither the request nor the settings name one. */
export const GOOGLE_DEFAULT_MODEL = "gemini-2.5-flash";

/** Embedding model used when neither the request nor the settings name one. */
export const GOOGLE_DEFAULT_EMBEDDING_MODEL = "gemini-embedding-001";

/** The Gemini API's public server, without the version path. */
export const GOOGLE_DEFAULT_BASE_URL = "https://generativelanguage.googleapis.com";

/** The API version the SDK puts in front of every path when the base URL names none. */
export const GOOGLE_DEFAULT_API_VERSION = "v1beta";

/** The secrets-store key of the API key. */
export const GOOGLE_API_KEY_SECRET = "provider:google:apiKey";

/**
 * The environment variables read, in order, when the secrets store has no
 * API key. `GOOGLE_API_KEY` comes first because the official SDK and Google's
 * documentation give it precedence when both are set.
 */
export const GOOGLE_API_KEY_ENV: readonly string[] = Object.freeze([
  "GOOGLE_API_KEY",
  "GEMINI_API_KEY",
]);
