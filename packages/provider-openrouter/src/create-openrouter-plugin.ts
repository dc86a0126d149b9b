import {
  createRotatingClient,
  defineProvider,
  type ModelProvider,
  normalizeProviderError,
  type ProviderPlugin,
  requireSecret,
  runProviderCall,
} from "@oss-ai-agent-tool/core";
import { createOpenAICompatibleProvider } from "@oss-ai-agent-tool/provider-openai";
import OpenAI from "openai";
import type { z } from "zod";
import { buildOpenRouterHeaders } from "./build-openrouter-headers.js";
import { withOpenRouterOptions } from "./merge-openrouter-options.js";
import {
  OPENROUTER_API_KEY_ENV,
  OPENROUTER_API_KEY_SECRET,
  OPENROUTER_CAPABILITIES,
  OPENROUTER_PROVIDER_ID,
} from "./openrouter-capabilities.js";
import {
  OPENROUTER_BASE_URL,
  type OpenRouterSettings,
  type openRouterSettingsSchema,
  parseOpenRouterSettings,
} from "./openrouter-settings.js";

/** Settings as written in `providers.settings.openrouter`, before validation. */
export type OpenRouterSettingsInput = z.input<typeof openRouterSettingsSchema>;

const id = OPENROUTER_PROVIDER_ID;
const PROBE_TIMEOUT_MS = 10_000;

/**
 * Builds the OpenRouter plugin: the `openai` SDK pointed at OpenRouter's
 * OpenAI-compatible API, behind the shared OpenAI-compatible provider.
 *
 * - Model ids pass through untouched (`anthropic/claude-3.5-sonnet`,
 *   `openrouter/auto`, `:thinking` and `:free` variants).
 * - `settings.siteUrl` / `settings.appName` become the `HTTP-Referer` and
 *   `X-Title` attribution headers.
 * - `settings.defaults` and the request's `providerOptions.openrouter`
 *   (`provider`, `models`, `route`, `transforms`, `reasoning`, `usage`, or any
 *   other body field) are merged and sent as body parameters; the request
 *   wins, `provider`/`reasoning`/`usage` merge key by key.
 * - `max_tokens` and sampling parameters are sent for every model:
 *   OpenRouter translates them for each upstream.
 * - `probe` calls `GET /key`, which is small and checks the API key;
 *   `listModels` calls `GET /models`.
 */
export function createOpenRouterPlugin(): ProviderPlugin<OpenRouterSettingsInput> {
  return defineProvider<OpenRouterSettingsInput>(
    ({ secrets, settings: rawSettings, fetch, metrics, logger, manifest }) => {
      const settings: OpenRouterSettings = parseOpenRouterSettings(rawSettings);
      const defaultHeaders = buildOpenRouterHeaders(settings);

      const client = createRotatingClient<OpenAI, string>({
        provider: id,
        metrics,
        logger,
        resolveCredentials: () =>
          requireSecret(secrets, id, {
            key: OPENROUTER_API_KEY_SECRET,
            env: OPENROUTER_API_KEY_ENV,
            description: "API key",
          }),
        create: (apiKey) =>
          new OpenAI({
            apiKey,
            baseURL: settings.baseURL ?? OPENROUTER_BASE_URL,
            defaultHeaders,
            // Explicit nulls keep the OpenAI provider's env vars (admin key, org, project) away from OpenRouter.
            adminAPIKey: null,
            organization: null,
            project: null,
            webhookSecret: null,
            maxRetries: 0,
            fetch,
          }),
      });

      const defaultModel = settings.defaultModel ?? manifest.defaultModel;
      const inner = createOpenAICompatibleProvider({
        id,
        capabilities: { ...OPENROUTER_CAPABILITIES },
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
        isReasoningModel: () => false,
      });

      const { stream } = inner;
      const provider: ModelProvider = {
        ...inner,
        chat: (req, ctx) => inner.chat(withOpenRouterOptions(req, id, settings.defaults), ctx),
        ...(stream
          ? {
              stream: (req, ctx) =>
                stream.call(inner, withOpenRouterOptions(req, id, settings.defaults), ctx),
            }
          : {}),
        async probe(ctx) {
          const started = performance.now();
          try {
            const openai = await client.get();
            await runProviderCall({
              provider: id,
              model: "none",
              operation: "probe",
              metrics,
              logger,
              ...(ctx ? { ctx } : {}),
              timeoutMs: Math.min(settings.timeoutMs ?? PROBE_TIMEOUT_MS, PROBE_TIMEOUT_MS),
              retry: { attempts: 1 },
              call: (signal) => openai.get("/key", { signal }),
            });
            return { ok: true, latencyMs: performance.now() - started };
          } catch (err) {
            return {
              ok: false,
              latencyMs: performance.now() - started,
              detail: normalizeProviderError(id, err).message,
            };
          }
        },
      };
      return provider;
    },
  );
}
