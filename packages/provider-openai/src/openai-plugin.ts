import {
  createRotatingClient,
  defineProvider,
  type ModelProvider,
  type ProviderCapabilities,
  type ProviderFactoryContext,
  type ProviderPlugin,
  requireSecret,
  type SecretsStore,
} from "@oss-ai-agent-tool/core";
import OpenAI from "openai";
import { createOpenAICompatibleProvider } from "./create-openai-compatible-provider.js";
import { type OpenAISettings, parseOpenAISettings } from "./openai-settings.js";

/** The provider id, as the manifest declares it. */
export const OPENAI_PROVIDER_ID = "openai";

/** Secrets-store keys the manifest declares, with the environment variables behind them. */
export const OPENAI_CREDENTIALS = Object.freeze({
  apiKey: { key: "provider:openai:apiKey", env: "OPENAI_API_KEY" },
  organization: { key: "provider:openai:organization", env: "OPENAI_ORG_ID" },
  project: { key: "provider:openai:project", env: "OPENAI_PROJECT_ID" },
});

/** What the OpenAI provider can do; the manifest declares exactly this. */
export const OPENAI_CAPABILITIES: Readonly<ProviderCapabilities> = Object.freeze({
  chat: true,
  stream: true,
  tools: true,
  embeddings: true,
  vision: true,
  responseFormat: true,
  reasoning: true,
});

const FALLBACK_CHAT_MODEL = "gpt-4o-mini";
const FALLBACK_EMBEDDING_MODEL = "text-embedding-3-small";

interface OpenAICredentials {
  apiKey: string;
  organization: string | null;
  project: string | null;
}

/** An optional credential: the store, then the environment, like `requireSecret`. */
async function optionalSecret(
  secrets: SecretsStore,
  spec: { key: string; env: string },
): Promise<string | null> {
  return (await secrets.get(spec.key)) || process.env[spec.env] || null;
}

/**
 * Builds the OpenAI provider from the factory context: settings validated
 * with {@link parseOpenAISettings} (a bad field throws, naming it), an SDK
 * client per credentials set (API key, organization, project) rebuilt when
 * one changes, and the shared OpenAI-compatible provider on top.
 */
export function createOpenAIProvider(context: ProviderFactoryContext<unknown>): ModelProvider {
  const { secrets, fetch, metrics, logger, manifest } = context;
  const settings: OpenAISettings = parseOpenAISettings(context.settings, OPENAI_PROVIDER_ID);
  const id = OPENAI_PROVIDER_ID;

  const rotating = createRotatingClient<OpenAI, OpenAICredentials>({
    provider: id,
    metrics,
    logger,
    resolveCredentials: async () => ({
      apiKey: await requireSecret(secrets, id, {
        ...OPENAI_CREDENTIALS.apiKey,
        description: "API key",
      }),
      organization:
        settings.organization ?? (await optionalSecret(secrets, OPENAI_CREDENTIALS.organization)),
      project: settings.project ?? (await optionalSecret(secrets, OPENAI_CREDENTIALS.project)),
    }),
    // Everything the SDK would otherwise read from process.env is passed
    // explicitly (null = none), so the gateway's settings and secrets decide.
    create: (credentials) =>
      new OpenAI({
        apiKey: credentials.apiKey,
        adminAPIKey: null,
        organization: credentials.organization,
        project: credentials.project,
        webhookSecret: null,
        ...(settings.baseURL !== undefined ? { baseURL: settings.baseURL } : {}),
        maxRetries: 0,
        fetch,
      }),
  });

  return createOpenAICompatibleProvider({
    id,
    capabilities: { ...OPENAI_CAPABILITIES },
    metrics,
    logger,
    client: () => rotating.get(),
    close: () => rotating.close(),
    defaultModel: settings.defaultModel ?? manifest.defaultModel ?? FALLBACK_CHAT_MODEL,
    defaultEmbeddingModel: settings.defaultEmbeddingModel ?? FALLBACK_EMBEDDING_MODEL,
    ...(settings.timeoutMs !== undefined ? { timeoutMs: settings.timeoutMs } : {}),
    ...(settings.idleTimeoutMs !== undefined ? { idleTimeoutMs: settings.idleTimeoutMs } : {}),
    ...(settings.retryAttempts !== undefined ? { retryAttempts: settings.retryAttempts } : {}),
    ...(settings.unsupportedParameters !== undefined
      ? { unsupportedParameters: settings.unsupportedParameters }
      : {}),
    // OpenAI understands base64 and it is about a quarter of the bytes of JSON floats.
    embeddingEncoding: "base64",
  });
}

/** The OpenAI provider plugin: the default export of this package. */
export const openAIPlugin: ProviderPlugin<OpenAISettings> = defineProvider<OpenAISettings>(
  (context) => createOpenAIProvider(context),
);
