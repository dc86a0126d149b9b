import type { ProviderCapabilities } from "@oss-ai-agent-tool/core";
import { OPENAI_CAPABILITIES } from "@oss-ai-agent-tool/provider-openai";

/** The provider id: the manifest's `id`, the metric label and the `providerOptions` key. */
export const OPENROUTER_PROVIDER_ID = "openrouter";
/** Secrets-store key of the API key. */
export const OPENROUTER_API_KEY_SECRET = "provider:openrouter:apiKey";
/** The API key's environment variable. */
export const OPENROUTER_API_KEY_ENV = "OPENROUTER_API_KEY";

/**
 * What the provider can do; the manifest declares exactly this. Whether a
 * given model supports tools, images or reasoning is OpenRouter's to route:
 * it picks an upstream that does, or answers with an error. The same set as
 * the OpenAI provider's {@link OPENAI_CAPABILITIES}.
 */
export const OPENROUTER_CAPABILITIES: Readonly<ProviderCapabilities> = OPENAI_CAPABILITIES;
