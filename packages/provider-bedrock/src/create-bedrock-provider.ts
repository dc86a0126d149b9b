import {
  type BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
  CountTokensCommand,
  InvokeModelCommand,
  type Message,
} from "@aws-sdk/client-bedrock-runtime";
import {
  assertNotEmpty,
  createRotatingClient,
  type EmbedResponse,
  type ModelProvider,
  normalizeProviderError,
  type ProviderFactoryContext,
  providerCallBase,
  runProviderCall,
  runProviderStream,
  timeProbe,
} from "@oss-ai-agent-tool/core";
import type { AwsCredentialIdentityProvider } from "@smithy/types";
import {
  BEDROCK_CAPABILITIES,
  BEDROCK_DEFAULT_EMBEDDING_MODEL,
  BEDROCK_DEFAULT_MODEL,
  BEDROCK_REGION_ENV,
} from "./bedrock-capabilities.js";
import {
  BEDROCK_PROVIDER_ID,
  parseBedrockSettings,
  resolveBedrockRegion,
} from "./bedrock-settings.js";
import { createBedrockClient } from "./create-bedrock-client.js";
import type { RefreshingCredentialsOptions } from "./create-refreshing-credentials.js";
import { mapBedrockModels } from "./map-bedrock-models.js";
import { bedrockReplyId, mapBedrockResponse } from "./map-bedrock-response.js";
import { mapBedrockStream } from "./map-bedrock-stream.js";
import {
  mapWithConcurrency,
  parseTitanEmbedding,
  toTitanEmbedBody,
} from "./map-titan-embeddings.js";
import {
  type BedrockCredentialSource,
  readBedrockCredentials,
} from "./read-bedrock-credentials.js";
import { readBedrockEmbedOptions } from "./read-bedrock-provider-options.js";
import { toBedrockConverseRequest, toConverseRequest } from "./to-bedrock-converse-request.js";
import { streamWithBedrockErrors, withBedrockErrors } from "./to-bedrock-error.js";

const id = BEDROCK_PROVIDER_ID;
const DEFAULT_EMBED_CONCURRENCY = 4;
const PROBE_MESSAGES: Message[] = [{ role: "user", content: [{ text: "ping" }] }];
const encoder = new TextEncoder();
const decoder = new TextDecoder();

// A reply without a stream ends at once; the runner reports it as truncated.
async function* emptyStream(): AsyncGenerator<never> {}

/** What a test may replace; the orchestrator passes none of it. */
export interface BedrockProviderOptions {
  /** Environment to read credentials and the region from. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** The credential chain used when no keys are configured. Default: the AWS SDK's default chain. */
  defaultChain?: AwsCredentialIdentityProvider;
  /** Clock and refresh window of the default chain's credential cache. */
  refresh?: RefreshingCredentialsOptions;
}

/**
 * Whether a failed `CountTokens` says only that token counting is not
 * available here (the model, the region or the IAM policy does not allow
 * it), which a probe answers with a minimal `Converse` instead.
 */
function countTokensUnavailable(err: unknown): boolean {
  const e = normalizeProviderError(id, err);
  return e.status === 400 || e.status === 404 || e.code === "AccessDeniedException";
}

/**
 * Builds the Bedrock provider from what the orchestrator hands a plugin
 * factory. Settings are validated and the region resolved first (a bad or
 * missing one throws, naming the field). The SDK client is rebuilt when the
 * configured keys change in the secrets store; every call goes through
 * core's runners, with the runner's signal passed to the SDK as its
 * `abortSignal`.
 */
export function createBedrockProvider(
  context: ProviderFactoryContext<unknown>,
  options: BedrockProviderOptions = {},
): ModelProvider {
  const settings = parseBedrockSettings(context.settings);
  const env = options.env ?? process.env;
  const region = resolveBedrockRegion(settings, env, BEDROCK_REGION_ENV);
  const { secrets, fetch, metrics, logger, manifest } = context;

  const client = createRotatingClient<BedrockRuntimeClient, BedrockCredentialSource>({
    provider: id,
    metrics,
    logger,
    resolveCredentials: () => readBedrockCredentials(secrets, env),
    create: (credentials) =>
      createBedrockClient({
        region,
        baseURL: settings.baseURL,
        useFipsEndpoint: settings.useFipsEndpoint,
        fetch,
        credentials,
        defaultChain: options.defaultChain,
        refresh: options.refresh,
      }),
    dispose: (sdk) => sdk.destroy(),
  });

  const chatModel = (requested: string | undefined): string =>
    requested ?? settings.defaultModel ?? manifest.defaultModel ?? BEDROCK_DEFAULT_MODEL;
  const embeddingModel = (requested: string | undefined): string =>
    requested ?? settings.defaultEmbeddingModel ?? BEDROCK_DEFAULT_EMBEDDING_MODEL;

  const common = providerCallBase({
    provider: id,
    metrics,
    logger,
    timeoutMs: settings.timeoutMs,
    retryAttempts: settings.retryAttempts,
  });

  // Set once CountTokens has said it is not available, so later probes go straight to Converse.
  let probeWithConverse = false;

  return {
    id,
    capabilities: { ...BEDROCK_CAPABILITIES },

    async chat(req, ctx) {
      const model = chatModel(req.model);
      const params = toConverseRequest(
        toBedrockConverseRequest(req, model, req.providerOptions?.[id]),
      );
      const response = await runProviderCall({
        ...common(model, ctx),
        call: async (signal) => {
          const sdk = await client.get();
          const out = await withBedrockErrors(id, () =>
            sdk.send(new ConverseCommand(params), { abortSignal: signal }),
          );
          return mapBedrockResponse(out, id, { model, requestId: out.$metadata.requestId });
        },
        usage: (r) => r.usage,
      });
      return assertNotEmpty(response);
    },

    // A generator, so a bad request fails the iteration rather than the call.
    async *stream(req, ctx) {
      const model = chatModel(req.model);
      const params = toBedrockConverseRequest(req, model, req.providerOptions?.[id]);
      yield* runProviderStream({
        ...common(model, ctx),
        ...(settings.idleTimeoutMs !== undefined ? { idleTimeoutMs: settings.idleTimeoutMs } : {}),
        open: async (signal) => {
          const sdk = await client.get();
          const out = await withBedrockErrors(id, () =>
            sdk.send(new ConverseStreamCommand(params), { abortSignal: signal }),
          );
          return mapBedrockStream(streamWithBedrockErrors(id, out.stream ?? emptyStream()), {
            id: bedrockReplyId(out.$metadata.requestId),
            model,
          });
        },
      });
    },

    async embed(req, ctx) {
      const model = embeddingModel(req.model);
      const { normalize } = readBedrockEmbedOptions(req.providerOptions?.[id]);
      const inputs = [req.input].flat();
      const concurrency = settings.embedConcurrency ?? DEFAULT_EMBED_CONCURRENCY;
      return runProviderCall<EmbedResponse>({
        ...common(model, ctx),
        operation: "embed",
        call: async (signal) => {
          const sdk = await client.get();
          // Titan embeds one text per call.
          const results = await mapWithConcurrency(inputs, concurrency, async (text) => {
            const body = toTitanEmbedBody(text, { dimensions: req.dimensions, normalize });
            const out = await withBedrockErrors(id, () =>
              sdk.send(
                new InvokeModelCommand({
                  modelId: model,
                  contentType: "application/json",
                  accept: "application/json",
                  body: encoder.encode(JSON.stringify(body)),
                }),
                { abortSignal: signal },
              ),
            );
            return parseTitanEmbedding(decoder.decode(out.body), id);
          });
          const promptTokens = results.reduce((n, r) => n + r.inputTextTokenCount, 0);
          return {
            provider: id,
            model,
            embeddings: results.map((r) => r.embedding),
            usage: { promptTokens, totalTokens: promptTokens },
          };
        },
        usage: (r) => r.usage,
      });
    },

    async listModels() {
      return mapBedrockModels(settings.models ?? [chatModel(undefined), embeddingModel(undefined)]);
    },

    async probe(ctx) {
      const model = chatModel(undefined);
      return timeProbe(async () => {
        await runProviderCall({
          ...common(model, ctx),
          operation: "probe",
          retry: { attempts: 1 },
          call: async (signal) => {
            const sdk = await client.get();
            if (!probeWithConverse) {
              try {
                // Free of charge: counts the tokens of a one-word prompt without running the model.
                await withBedrockErrors(id, () =>
                  sdk.send(
                    new CountTokensCommand({
                      modelId: model,
                      input: { converse: { messages: PROBE_MESSAGES } },
                    }),
                    { abortSignal: signal },
                  ),
                );
                return;
              } catch (err) {
                if (!countTokensUnavailable(err)) throw err;
                probeWithConverse = true;
              }
            }
            await withBedrockErrors(id, () =>
              sdk.send(
                new ConverseCommand({
                  modelId: model,
                  messages: PROBE_MESSAGES,
                  inferenceConfig: { maxTokens: 1 },
                }),
                { abortSignal: signal },
              ),
            );
          },
        });
      });
    },

    close: () => client.close(),
  };
}
