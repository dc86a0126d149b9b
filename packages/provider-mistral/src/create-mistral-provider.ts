import type { Mistral } from "@mistralai/mistralai";
import {
  assertNotEmpty,
  createRotatingClient,
  type ModelProvider,
  type ProviderFactoryContext,
  providerCallBase,
  requireSecret,
  runProviderCall,
  runProviderStream,
  timeProbe,
  upstreamFinishError,
} from "@oss-ai-agent-tool/core";
import { createMistralClient } from "./create-mistral-client.js";
import { mapMistralEmbeddings } from "./map-mistral-embeddings.js";
import { mapMistralModels } from "./map-mistral-models.js";
import { mapMistralResponse } from "./map-mistral-response.js";
import { mapMistralStream } from "./map-mistral-stream.js";
import {
  MISTRAL_API_KEY_ENV,
  MISTRAL_API_KEY_SECRET,
  MISTRAL_CAPABILITIES,
  MISTRAL_DEFAULT_EMBEDDING_MODEL,
  MISTRAL_DEFAULT_MODEL,
} from "./mistral-capabilities.js";
import { MISTRAL_PROVIDER_ID, parseMistralSettings } from "./mistral-settings.js";
import { readMistralEmbedOptions } from "./read-mistral-provider-options.js";
import { toMistralChatRequest } from "./to-mistral-chat-request.js";
import { streamWithMistralErrors, withMistralErrors } from "./to-mistral-error.js";

const id = MISTRAL_PROVIDER_ID;

/**
 * Builds the Mistral provider from what the orchestrator hands a plugin
 * factory. Settings are validated first (a bad one throws, naming the
 * field). The SDK client is rebuilt when the API key changes in the secrets
 * store; every call goes through core's runners, with the runner's signal
 * passed to the SDK.
 */
export function createMistralProvider(context: ProviderFactoryContext<unknown>): ModelProvider {
  const settings = parseMistralSettings(context.settings);
  const { secrets, fetch, metrics, logger, manifest } = context;

  const client = createRotatingClient<Mistral, string>({
    provider: id,
    metrics,
    logger,
    resolveCredentials: () =>
      requireSecret(secrets, id, {
        key: MISTRAL_API_KEY_SECRET,
        env: MISTRAL_API_KEY_ENV,
        description: "API key",
      }),
    create: (apiKey) => createMistralClient({ apiKey, baseURL: settings.baseURL, fetch }),
  });

  const chatModel = (requested: string | undefined): string =>
    requested ?? settings.defaultModel ?? manifest.defaultModel ?? MISTRAL_DEFAULT_MODEL;

  const common = providerCallBase({
    provider: id,
    metrics,
    logger,
    timeoutMs: settings.timeoutMs,
    retryAttempts: settings.retryAttempts,
  });

  const defaults = { safePrompt: settings.safePrompt };

  return {
    id,
    capabilities: { ...MISTRAL_CAPABILITIES },

    async chat(req, ctx) {
      const model = chatModel(req.model);
      const params = toMistralChatRequest(req, model, defaults, req.providerOptions?.[id]);
      const sdk = await client.get();
      const response = await runProviderCall({
        ...common(model, ctx),
        call: async (signal) => {
          const completion = await withMistralErrors(id, () =>
            sdk.chat.complete({ ...params, stream: false }, { signal }),
          );
          const mapped = mapMistralResponse(completion, id);
          const empty = !mapped.output && !mapped.toolCalls?.length && !mapped.reasoning;
          if (mapped.finishReason === "error" && empty) throw upstreamFinishError(id);
          return mapped;
        },
        usage: (r) => r.usage,
      });
      return assertNotEmpty(response);
    },

    // A generator, so a bad request fails the iteration rather than the call.
    async *stream(req, ctx) {
      const model = chatModel(req.model);
      const params = toMistralChatRequest(req, model, defaults, req.providerOptions?.[id]);
      yield* runProviderStream({
        ...common(model, ctx),
        ...(settings.idleTimeoutMs !== undefined ? { idleTimeoutMs: settings.idleTimeoutMs } : {}),
        open: async (signal) => {
          const sdk = await client.get();
          const events = await withMistralErrors(id, () =>
            sdk.chat.stream({ ...params, stream: true }, { signal }),
          );
          return mapMistralStream(streamWithMistralErrors(id, events), id);
        },
      });
    },

    async embed(req, ctx) {
      const model = req.model ?? settings.defaultEmbeddingModel ?? MISTRAL_DEFAULT_EMBEDDING_MODEL;
      const options = readMistralEmbedOptions(req.providerOptions?.[id]);
      const sdk = await client.get();
      return runProviderCall({
        ...common(model, ctx),
        operation: "embed",
        call: async (signal) => {
          const res = await withMistralErrors(id, () =>
            sdk.embeddings.create(
              {
                ...options,
                model,
                inputs: req.input,
                ...(req.dimensions !== undefined ? { outputDimension: req.dimensions } : {}),
              },
              { signal },
            ),
          );
          return mapMistralEmbeddings(res, id);
        },
        usage: (r) => r.usage,
      });
    },

    async listModels(ctx) {
      const sdk = await client.get();
      const list = await runProviderCall({
        ...common("none", ctx),
        operation: "list_models",
        call: (signal) => withMistralErrors(id, () => sdk.models.list({}, { signal })),
      });
      return mapMistralModels(list);
    },

    async probe(ctx) {
      return timeProbe(async () => {
        const sdk = await client.get();
        await runProviderCall({
          ...common("none", ctx),
          operation: "probe",
          retry: { attempts: 1 },
          call: (signal) => withMistralErrors(id, () => sdk.models.list({}, { signal })),
        });
      });
    },

    close: () => client.close(),
  };
}
