import type { ProviderCapabilities } from "@oss-ai-agent-tool/core";

/** The provider id: the manifest's `id`, the metric label and the `providerOptions` key. */
export const ANTHROPIC_PROVIDER_ID = "anthropic";

/**
 * What the Anthropic provider can do; the manifest declares exactly this.
 * Anthropic has no embeddings API.
 */
export const ANTHROPIC_CAPABILITIES: Readonly<ProviderCapabilities> = Object.freeze({
  chat: true,
  stream: true,
  tools: true,
  embeddings: false,
  vision: true,
  responseFormat: true,
  reasoning: true,
});

/** Chat model used when neither the request nor the settings name one. */
export const ANTHROPIC_DEFAULT_MODEL = "claude-haiku-4-5";

/**
 * `max_tokens` for a request that sets no `maxTokens`. Anthropic requires the
 * field; 4096 fits every current model and most replies.
 */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 4096;

/** The secrets-store key of the API key. */
export const ANTHROPIC_API_KEY_SECRET = "provider:anthropic:apiKey";

/** The environment variable read when the secrets store has no API key. */
export const ANTHROPIC_API_KEY_ENV = "ANTHROPIC_API_KEY";

/**
 * API versions the provider can send as `anthropic-version`. The SDK sends
 * `2026-10-21`, which removed `temperature`, `top_p` and `top_k`; `2023-06-01`
 * still takes them.
 */
export const ANTHROPIC_API_VERSIONS = ["2023-06-01", "2026-10-21"] as const;

/** An `anthropic-version` the provider can send. */
export type AnthropicApiVersion = (typeof ANTHROPIC_API_VERSIONS)[number];

/** The version the bundled SDK sends when the settings name none. */
export const ANTHROPIC_SDK_API_VERSION: AnthropicApiVersion = "2026-10-21";
