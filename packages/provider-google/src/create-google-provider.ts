import type { GoogleGenAI, Model } from "@google/genai";
import {
  assertNotEmpty,
  createRotatingClient,
  type FetchFunction,
  type ModelProvider,
  type ProviderFactoryContext,
  providerCallBase,
  requireSecret,
  runProviderCall,
  runProviderStream,
  timeProbe,
  upstreamFinishError,
} from "@oss-ai-agent-tool/core";
import { createGoogleClient } from "./create-google-client.js";
import {
  GOOGLE_API_KEY_ENV,
  GOOGLE_API_KEY_SECRET,
  GOOGLE_CAPABILITIES,
  GOOGLE_DEFAULT_EMBEDDING_MODEL,
  GOOGLE_DEFAULT_MODEL,
} from "./google-capabilities.js";
import { GOOGLE_PROVIDER_ID, parseGoogleSettings } from "./google-settings.js";
import { mapGeminiEmbeddings, readGeminiEmbeddingPromptTokens } from "./map-gemini-embeddings.js";
import { mapGeminiModels } from "./map-gemini-models.js";
import { mapGeminiResponse } from "./map-gemini-response.js";
import { mapGeminiStream } from "./map-gemini-stream.js";
import { readGoogleEmbedOptions } from "./read-google-provider-options.js";
import { assertGeminiModel, toGeminiGenerateParams } from "./to-gemini-generate-params.js";
import { googleFetch, streamWithGoogleErrors, withGoogleErrors } from "./to-google-error.js";

const id = GOOGLE_PROVIDER_ID;
/** Gemini's largest page of models; a few pages cover every model it serves. */
const MODELS_PAGE_SIZE = 1000;
const MAX_MODEL_PAGES = 10;

/**
 * A fetch that hands the parsed body of each successful JSON reply to
 * `onBody` before the SDK reads it: the SDK drops the embeddings reply's
 * `usageMetadata`, and this is where its token count is read from.
 */
function tappingFetch(fetch: FetchFunction, onBody: (body: unknown) => void): FetchFunction {
  return async (input, init) => {
    const response = await fetch(input, init);
    if (response.ok)
      onBody(
        await response
          .clone()
          .json()
          .catch(() => undefined),
      );
    return response;
  };
}

/**
 * Builds the Google Gemini provider from what the orchestrator hands a
 * plugin factory. Settings are validated first (a bad one throws, naming the
 * field). The SDK client is rebuilt when the API key changes in the secrets
 * store; every call goes through core's runners, with the runner's signal
 * passed to the SDK as `config.abortSignal`.
 */
export function createGoogleProvider(context: ProviderFactoryContext<unknown>): ModelProvider {
  const settings = parseGoogleSettings(context.settings);
  const { secrets, fetch, metrics, logger, manifest } = context;

  const client = createRotatingClient<GoogleGenAI, string>({
    provider: id,
    metrics,
    logger,
    resolveCredentials: () =>
      requireSecret(secrets, id, {
        key: GOOGLE_API_KEY_SECRET,
        env: GOOGLE_API_KEY_ENV,
        description: "API key",
      }),
    create: (apiKey) =>
      createGoogleClient({
        apiKey,
        baseURL: settings.baseURL,
        apiVersion: settings.apiVersion,
        fetch,
      }),
  });

  const chatModel = (requested: string | undefined): string =>
    requested ?? settings.defaultModel ?? manifest.defaultModel ?? GOOGLE_DEFAULT_MODEL;

  const common = providerCallBase({
    provider: id,
    metrics,
    logger,
    timeoutMs: settings.timeoutMs,
    retryAttempts: settings.retryAttempts,
  });

  const defaults = { schemaMode: settings.schemaMode, safetySettings: settings.safetySettings };

  const listModels = async (sdk: GoogleGenAI, signal: AbortSignal, pages: number) => {
    const pager = await sdk.models.list({
      config: { pageSize: pages === 1 ? 1 : MODELS_PAGE_SIZE, abortSignal: signal },
    });
    const models: Model[] = [...pager.page];
    for (let page = 1; page < pages && pager.hasNextPage(); page++) {
      models.push(...(await pager.nextPage()));
    }
    return models;
  };

  return {
    id,
    capabilities: { ...GOOGLE_CAPABILITIES },

    async chat(req, ctx) {
      const model = chatModel(req.model);
      const params = toGeminiGenerateParams(req, model, defaults, req.providerOptions?.[id]);
      const sdk = await client.get();
      const response = await runProviderCall({
        ...common(model, ctx),
        call: async (signal) => {
          const reply = await withGoogleErrors(id, () =>
            sdk.models.generateContent({
              ...params,
              config: { ...params.config, abortSignal: signal },
            }),
          );
          const mapped = mapGeminiResponse(reply, id, model);
          const empty = !mapped.output && !mapped.toolCalls?.length && !mapped.reasoning;
          if (mapped.finishReason === "error" && empty)
            throw upstreamFinishError(id, mapped.rawFinishReason ?? "error");
          return mapped;
        },
        usage: (r) => r.usage,
      });
      return assertNotEmpty(response);
    },

    // A generator, so a bad request fails the iteration rather than the call.
    async *stream(req, ctx) {
      const model = chatModel(req.model);
      const params = toGeminiGenerateParams(req, model, defaults, req.providerOptions?.[id]);
      yield* runProviderStream({
        ...common(model, ctx),
        ...(settings.idleTimeoutMs !== undefined ? { idleTimeoutMs: settings.idleTimeoutMs } : {}),
        open: async (signal) => {
          const sdk = await client.get();
          const chunks = await withGoogleErrors(id, () =>
            sdk.models.generateContentStream({
              ...params,
              config: { ...params.config, abortSignal: signal },
            }),
          );
          return mapGeminiStream(streamWithGoogleErrors(id, chunks), id, model);
        },
      });
    },

    async embed(req, ctx) {
      const model = req.model ?? settings.defaultEmbeddingModel ?? GOOGLE_DEFAULT_EMBEDDING_MODEL;
      assertGeminiModel(model);
      const options = readGoogleEmbedOptions(req.providerOptions?.[id]);
      const inputs = [req.input].flat();
      const sdk = await client.get();
      return runProviderCall({
        ...common(model, ctx),
        operation: "embed",
        call: async (signal) => {
          let promptTokens: number | undefined;
          const tap = tappingFetch(fetch, (body) => {
            promptTokens = readGeminiEmbeddingPromptTokens(body);
          });
          const res = await withGoogleErrors(id, () =>
            sdk.models.embedContent({
              model,
              contents: inputs,
              config: {
                ...options,
                ...(req.dimensions !== undefined ? { outputDimensionality: req.dimensions } : {}),
                abortSignal: signal,
                // Per call, this fetch replaces the client's: still the egress fetch, also tapped.
                httpOptions: { fetch: googleFetch(tap) },
              },
            }),
          );
          return mapGeminiEmbeddings(res, id, model, promptTokens);
        },
        usage: (r) => r.usage,
      });
    },

    async listModels(ctx) {
      const sdk = await client.get();
      const models = await runProviderCall({
        ...common("none", ctx),
        operation: "list_models",
        call: (signal) => withGoogleErrors(id, () => listModels(sdk, signal, MAX_MODEL_PAGES)),
      });
      return mapGeminiModels(models);
    },

    async probe(ctx) {
      return timeProbe(async () => {
        const sdk = await client.get();
        await runProviderCall({
          ...common("none", ctx),
          operation: "probe",
          retry: { attempts: 1 },
          call: (signal) => withGoogleErrors(id, () => listModels(sdk, signal, 1)),
        });
      });
    },

    close: () => client.close(),
  };
}
