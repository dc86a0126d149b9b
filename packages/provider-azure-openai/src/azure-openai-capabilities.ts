import type { ProviderCapabilities } from "@oss-ai-agent-tool/core";
import { OPENAI_CAPABILITIES } from "@oss-ai-agent-tool/provider-openai";

/** The provider id: the manifest's `id`, the metric label and the `providerOptions` key. */
export const AZURE_OPENAI_PROVIDER_ID = "azure-openai";

/** Secrets-store key of the API key. */
export const AZURE_OPENAI_API_KEY_SECRET = "provider:azure-openai:apiKey";
/** The API key's environment variable (the official SDK's). */
export const AZURE_OPENAI_API_KEY_ENV = "AZURE_OPENAI_API_KEY";
/** Secrets-store key of the Entra ID client secret. */
export const AZURE_CLIENT_SECRET_SECRET = "provider:azure-openai:clientSecret";
/** The client secret's environment variable (the Azure SDKs' own name). */
export const AZURE_CLIENT_SECRET_ENV = "AZURE_CLIENT_SECRET";

/**
 * What the provider can do; the manifest declares exactly this. Reasoning
 * text comes from deployments that stream `reasoning_content` (DeepSeek-R1
 * and the like); OpenAI's o-series report only reasoning token counts.
 * The same set as the OpenAI provider's {@link OPENAI_CAPABILITIES}.
 */
export const AZURE_OPENAI_CAPABILITIES: Readonly<ProviderCapabilities> = OPENAI_CAPABILITIES;
