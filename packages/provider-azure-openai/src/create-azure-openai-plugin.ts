import {
  createRotatingClient,
  defineProvider,
  isProviderError,
  ProviderError,
  type ProviderPlugin,
  requireSecret,
  type SecretsStore,
} from "@oss-ai-agent-tool/core";
import { createOpenAICompatibleProvider } from "@oss-ai-agent-tool/provider-openai";
import { AzureOpenAI } from "openai";
import type { z } from "zod";
import {
  AZURE_CLIENT_SECRET_ENV,
  AZURE_CLIENT_SECRET_SECRET,
  AZURE_OPENAI_API_KEY_ENV,
  AZURE_OPENAI_API_KEY_SECRET,
  AZURE_OPENAI_CAPABILITIES,
  AZURE_OPENAI_PROVIDER_ID,
} from "./azure-openai-capabilities.js";
import {
  type AzureOpenAISettings,
  type azureOpenAISettingsSchema,
  parseAzureOpenAISettings,
} from "./azure-openai-settings.js";
import { createEntraClientCredentialsFetcher } from "./entra-client-credentials.js";
import { AZURE_OPENAI_ENDPOINT_ENV, resolveAzureBaseURL } from "./resolve-azure-base-url.js";
import { resolveDeployment } from "./resolve-deployment.js";
import { createCachingTokenProvider } from "./token-provider.js";

/** Settings as written in `providers.settings.azure-openai`, before validation. */
export type AzureOpenAISettingsInput = z.input<typeof azureOpenAISettingsSchema>;

/** Returns a Microsoft Entra ID access token for Azure OpenAI; the SDK's `azureADTokenProvider`. */
export type AzureADTokenProvider = () => Promise<string>;

/** Options of {@link createAzureOpenAIPlugin}, for embedders that build their own plugin. */
export interface AzureOpenAIPluginOptions {
  /**
   * A token source of your own (e.g. `getBearerTokenProvider(credential,
   * scope)` from `@azure/identity`). It is called before every request, so it
   * must cache. When set, it wins over `settings.entra` and the API key, and
   * no credential is read.
   */
  azureADTokenProvider?: AzureADTokenProvider;
}

/** How one client authenticates, and where it points. Compared to decide on a rebuild. */
type ClientCredentials =
  | { kind: "apiKey"; baseURL: string; apiKey: string }
  | { kind: "entra"; baseURL: string; clientSecret: string }
  | { kind: "tokenProvider"; baseURL: string };

const id = AZURE_OPENAI_PROVIDER_ID;

async function requireApiKey(secrets: SecretsStore): Promise<string> {
  try {
    return await requireSecret(secrets, id, {
      key: AZURE_OPENAI_API_KEY_SECRET,
      env: AZURE_OPENAI_API_KEY_ENV,
      description: "API key",
    });
  } catch (err) {
    if (!isProviderError(err)) throw err;
    // The operator may have meant Entra ID: say how to switch.
    throw new ProviderError(
      `${err.message} (or use Microsoft Entra ID: set providers.settings.${id}.entra and secret "${AZURE_CLIENT_SECRET_SECRET}" or ${AZURE_CLIENT_SECRET_ENV})`,
      {
        status: err.status,
        ...(err.code !== undefined ? { code: err.code } : {}),
        provider: id,
        retryable: err.retryable,
      },
    );
  }
}

/**
 * Builds the Azure OpenAI plugin: the `openai` SDK's `AzureOpenAI` client
 * behind the shared OpenAI-compatible provider.
 *
 * - Requests name models; `settings.deployments` maps each to its deployment
 *   (unmapped: the model name is the deployment name), and the SDK sends it
 *   to `/openai/deployments/<deployment>/...?api-version=<apiVersion>`.
 * - Authentication, first match wins: `options.azureADTokenProvider`;
 *   `settings.entra` (client credentials, secret
 *   `provider:azure-openai:clientSecret` or `AZURE_CLIENT_SECRET`, tokens
 *   cached and refreshed before expiry); else the API key (secret
 *   `provider:azure-openai:apiKey` or `AZURE_OPENAI_API_KEY`, sent as
 *   `api-key`).
 * - Invalid settings throw from the factory, naming the field; a missing
 *   endpoint or credential fails each call instead, so the plugin still loads.
 */
export function createAzureOpenAIPlugin(
  options: AzureOpenAIPluginOptions = {},
): ProviderPlugin<AzureOpenAISettingsInput> {
  return defineProvider<AzureOpenAISettingsInput>(
    ({ secrets, settings: rawSettings, fetch, metrics, logger, manifest }) => {
      const settings: AzureOpenAISettings = parseAzureOpenAISettings(rawSettings);
      const { entra } = settings;

      const resolveCredentials = async (): Promise<ClientCredentials> => {
        const baseURL = resolveAzureBaseURL(id, {
          baseURL: settings.baseURL,
          endpoint: settings.endpoint,
          envEndpoint: process.env[AZURE_OPENAI_ENDPOINT_ENV],
        });
        if (options.azureADTokenProvider) return { kind: "tokenProvider", baseURL };
        if (entra) {
          const clientSecret = await requireSecret(secrets, id, {
            key: AZURE_CLIENT_SECRET_SECRET,
            env: AZURE_CLIENT_SECRET_ENV,
            description: "Microsoft Entra ID client secret",
          });
          return { kind: "entra", baseURL, clientSecret };
        }
        return { kind: "apiKey", baseURL, apiKey: await requireApiKey(secrets) };
      };

      const tokenProviderFor = (
        credentials: Exclude<ClientCredentials, { kind: "apiKey" }>,
      ): AzureADTokenProvider | undefined => {
        if (credentials.kind === "tokenProvider") return options.azureADTokenProvider;
        if (!entra) return undefined;
        // One cache per client: a rotated secret gets a new client and so new tokens.
        const tokens = createCachingTokenProvider({
          fetchToken: createEntraClientCredentialsFetcher({
            provider: id,
            fetch,
            tenantId: entra.tenantId,
            clientId: entra.clientId,
            clientSecret: credentials.clientSecret,
            scope: entra.scope,
            authorityHost: entra.authorityHost,
            timeoutMs: settings.timeoutMs,
          }),
        });
        return () => tokens.getToken();
      };

      const client = createRotatingClient<AzureOpenAI, ClientCredentials>({
        provider: id,
        metrics,
        logger,
        resolveCredentials,
        create: (credentials) =>
          new AzureOpenAI({
            baseURL: credentials.baseURL,
            apiVersion: settings.apiVersion,
            // An explicit "" keeps the SDK from reading AZURE_OPENAI_API_KEY next to a token provider.
            ...(credentials.kind === "apiKey"
              ? { apiKey: credentials.apiKey }
              : { azureADTokenProvider: tokenProviderFor(credentials), apiKey: "" }),
            // Explicit nulls keep the OpenAI provider's env vars (org, project, admin key) off Azure requests.
            organization: null,
            project: null,
            adminAPIKey: null,
            webhookSecret: null,
            maxRetries: 0,
            fetch,
          }),
      });

      const defaultModel = settings.defaultModel ?? manifest.defaultModel;
      return createOpenAICompatibleProvider({
        id,
        capabilities: { ...AZURE_OPENAI_CAPABILITIES },
        metrics,
        logger,
        client: () => client.get(),
        close: () => client.close(),
        ...(defaultModel ? { defaultModel } : {}),
        ...(settings.defaultEmbeddingModel
          ? { defaultEmbeddingModel: settings.defaultEmbeddingModel }
          : {}),
        ...(settings.timeoutMs !== undefined ? { timeoutMs: settings.timeoutMs } : {}),
        ...(settings.idleTimeoutMs !== undefined ? { idleTimeoutMs: settings.idleTimeoutMs } : {}),
        ...(settings.retryAttempts !== undefined ? { retryAttempts: settings.retryAttempts } : {}),
        resolveModel: (model) => resolveDeployment(model, settings.deployments),
      });
    },
  );
}
