import {
  assertNotEmpty,
  type ChatResponse,
  createRotatingClient,
  defineProvider,
  type ModelProvider,
  type ProviderContext,
  ProviderError,
  type ProviderPlugin,
  requireSecret,
  runProviderCall,
  runProviderStream,
} from "@oss-ai-agent-tool/core";
import OpenAI from "openai";
import { mapOpenAIFinishReason } from "./map-openai-finish-reason.js";
import { mapOpenAIStream } from "./map-openai-stream.js";
import { mapOpenAIUsage } from "./map-openai-usage.js";
import { REFERENCE_CAPABILITIES } from "./reference-manifest.js";
import {
  KEYLESS_API_KEY,
  type ReferencePluginOptions,
  type ReferenceSettings,
  referenceSecretKey,
} from "./reference-plugin-options.js";
import { toOpenAIChatParams } from "./to-openai-chat-params.js";

/**
 * A small OpenAI-compatible provider plugin made only of core's helpers and
 * the official `openai` SDK: what the conformance suite is proven against,
 * and a real plugin for end-to-end tests of the gateway.
 *
 * - `settings.baseURL` is handed to the SDK as is, so it includes the API's
 *   version path (`http://127.0.0.1:1234/v1`). Without it every call fails
 *   with a `ProviderError` (500, `missing_base_url`); the factory itself does
 *   not throw, so the plugin still loads and reports the problem per call.
 * - `req.providerOptions[id]` is sent as extra body parameters, filling in
 *   what the request leaves unset.
 * - `listModels` and `probe` call `GET {baseURL}/models`.
 *
 * @example
 * export default createReferencePlugin({ id: "alpha", apiKeyEnv: "ALPHA_API_KEY" });
 */
export function createReferencePlugin(
  options: ReferencePluginOptions,
): ProviderPlugin<ReferenceSettings> {
  const { id } = options;
  return defineProvider<ReferenceSettings>(
    ({ secrets, settings, fetch, metrics, logger, manifest }) => {
      const apiKeyEnv = options.apiKeyEnv;
      const client = createRotatingClient({
        provider: id,
        metrics,
        logger,
        resolveCredentials: async () =>
          apiKeyEnv
            ? requireSecret(secrets, id, {
                key: referenceSecretKey(options),
                env: apiKeyEnv,
                description: "API key",
              })
            : KEYLESS_API_KEY,
        create: (apiKey) => new OpenAI({ apiKey, baseURL: requireBaseURL(), maxRetries: 0, fetch }),
      });

      function requireBaseURL(): string {
        if (settings.baseURL) return settings.baseURL;
        throw new ProviderError(
          `${id}: no base URL is configured: set providers.settings.${id}.baseURL`,
          { status: 500, code: "missing_base_url", provider: id, retryable: false },
        );
      }

      // Checked before the credentials, so a missing URL is reported even when the key is missing too.
      const sdk = (): Promise<OpenAI> => {
        requireBaseURL();
        return client.get();
      };

      const modelOf = (requested: string | undefined): string => {
        const model =
          requested ?? settings.defaultModel ?? options.defaultModel ?? manifest.defaultModel;
        if (model) return model;
        throw new ProviderError(`${id}: the request names no model and no default is configured`, {
          status: 400,
          code: "missing_model",
          provider: id,
          retryable: false,
        });
      };

      const common = (model: string, ctx?: ProviderContext) => ({
        provider: id,
        model,
        metrics,
        logger,
        ...(ctx ? { ctx } : {}),
        ...(settings.timeoutMs !== undefined ? { timeoutMs: settings.timeoutMs } : {}),
        retry: { attempts: settings.retryAttempts ?? 3, baseDelayMs: 10 },
      });

      const provider: ModelProvider = {
        id,
        capabilities: { ...REFERENCE_CAPABILITIES },
        async chat(req, ctx) {
          const model = modelOf(req.model);
          const openai = await sdk();
          const params = toOpenAIChatParams(req, model, req.providerOptions?.[id]);
          const completion = await runProviderCall({
            ...common(model, ctx),
            call: (signal) =>
              openai.chat.completions.create({ ...params, stream: false }, { signal }),
            usage: (c) => mapOpenAIUsage(c.usage),
          });
          const choice = completion.choices[0];
          const toolCalls = (choice?.message.tool_calls ?? []).flatMap((call) =>
            call.type === "function"
              ? [{ id: call.id, name: call.function.name, arguments: call.function.arguments }]
              : [],
          );
          const usage = mapOpenAIUsage(completion.usage);
          const response: ChatResponse = {
            id: completion.id,
            provider: id,
            model: completion.model,
            output: choice?.message.content ?? "",
            finishReason: mapOpenAIFinishReason(choice?.finish_reason),
            ...(choice?.finish_reason ? { rawFinishReason: choice.finish_reason } : {}),
            ...(toolCalls.length ? { toolCalls } : {}),
            ...(usage ? { usage } : {}),
          };
          return assertNotEmpty(response);
        },
        // A generator, so a missing model fails the iteration rather than the call.
        async *stream(req, ctx) {
          const model = modelOf(req.model);
          const params = toOpenAIChatParams(req, model, req.providerOptions?.[id]);
          yield* runProviderStream({
            ...common(model, ctx),
            ...(settings.idleTimeoutMs !== undefined
              ? { idleTimeoutMs: settings.idleTimeoutMs }
              : {}),
            open: async (signal) => {
              const openai = await sdk();
              const chunks = await openai.chat.completions.create(
                { ...params, stream: true, stream_options: { include_usage: true } },
                { signal },
              );
              return mapOpenAIStream(chunks);
            },
          });
        },
        async embed(req, ctx) {
          const model = modelOf(req.model);
          const openai = await sdk();
          const res = await runProviderCall({
            ...common(model, ctx),
            operation: "embed",
            call: (signal) =>
              openai.embeddings.create(
                {
                  ...req.providerOptions?.[id],
                  model,
                  input: req.input,
                  ...(req.dimensions !== undefined ? { dimensions: req.dimensions } : {}),
                  ...(req.user !== undefined ? { user: req.user } : {}),
                },
                { signal },
              ),
            usage: (r) => ({
              promptTokens: r.usage.prompt_tokens,
              totalTokens: r.usage.total_tokens,
            }),
          });
          return {
            provider: id,
            model: res.model,
            embeddings: res.data.map((d) => d.embedding),
            usage: { promptTokens: res.usage.prompt_tokens, totalTokens: res.usage.total_tokens },
          };
        },
        async listModels(ctx) {
          const openai = await sdk();
          const page = await runProviderCall({
            ...common("none", ctx),
            operation: "list_models",
            call: (signal) => openai.models.list({ signal }),
          });
          return page.data.map((m) => ({
            id: m.id,
            ...(typeof m.owned_by === "string" ? { ownedBy: m.owned_by } : {}),
          }));
        },
        async probe(ctx) {
          const started = performance.now();
          try {
            const openai = await sdk();
            await runProviderCall({
              ...common("none", ctx),
              operation: "probe",
              retry: { attempts: 1 },
              call: (signal) => openai.models.list({ signal }),
            });
            return { ok: true, latencyMs: performance.now() - started };
          } catch (err) {
            return {
              ok: false,
              latencyMs: performance.now() - started,
              detail: (err as Error).message,
            };
          }
        },
        close: () => client.close(),
      };
      return provider;
    },
  );
}
