import {
  assertNotEmpty,
  createRotatingClient,
  isProviderError,
  type ModelProvider,
  ProviderError,
  type ProviderFactoryContext,
  providerCallBase,
  requireSecret,
  runProviderCall,
  runProviderStream,
  timeProbe,
} from "@oss-ai-agent-tool/core";
import { Ollama, type ChatRequest as OllamaChatRequest } from "ollama";
import { mapOllamaEmbedResponse, toOllamaEmbedRequest } from "./map-ollama-embed.js";
import { mapOllamaResponse } from "./map-ollama-response.js";
import { mapOllamaStream } from "./map-ollama-stream.js";
import { mapOllamaUsage } from "./map-ollama-usage.js";
import {
  OLLAMA_API_KEY_ENV,
  OLLAMA_API_KEY_SECRET,
  OLLAMA_CAPABILITIES,
  OLLAMA_PROVIDER_ID,
} from "./ollama-constants.js";
import { classifyStreamErrors, toOllamaHttpError } from "./ollama-errors.js";
import { parseOllamaSettings } from "./ollama-settings.js";
import type { OllamaWireChatChunk } from "./ollama-wire-types.js";
import { createRequestScopedFetch } from "./request-scoped-fetch.js";
import { resolveOllamaHost } from "./resolve-ollama-host.js";
import {
  type OllamaChatParams,
  type OllamaRequestDefaults,
  toOllamaChatRequest,
} from "./to-ollama-chat-request.js";

/** Where and how to reach Ollama; rebuilt when the optional API key changes. */
interface OllamaConnection {
  host: string;
  headers: Record<string, string>;
}

/**
 * A fresh body per attempt. The SDK writes into what it is given (`stream`,
 * and each message's `images`, replaced by base64 strings); a retry that
 * reused those strings would let the SDK read them as file paths.
 */
function freshChatBody<S extends boolean>(
  params: OllamaChatParams,
  stream: S,
): OllamaChatRequest & { stream: S } {
  const messages = params.messages.map((m) =>
    m.images ? { ...m, images: [...(m.images as Uint8Array[])] } : { ...m },
  );
  return { ...params, messages, stream } as unknown as OllamaChatRequest & { stream: S };
}

/**
 * Builds the Ollama provider from what the orchestrator hands a plugin.
 * Settings are validated here (a bad field throws, naming it); the host is
 * `settings.baseURL`, else `OLLAMA_HOST` (normalized as the Ollama CLI reads
 * it), else `http://127.0.0.1:11434`. An API key is optional: when the
 * secrets store or `OLLAMA_API_KEY` has one, it is sent as a bearer token.
 *
 * Each attempt gets its own SDK instance over a fetch bound to the runner's
 * signal, because the SDK takes no per-call signal. The SDK has no retries
 * of its own; core's runners retry, time out and normalize errors.
 */
export function createOllamaProvider(context: ProviderFactoryContext<unknown>): ModelProvider {
  const { secrets, fetch, metrics, logger, manifest } = context;
  const id = OLLAMA_PROVIDER_ID;
  const settings = parseOllamaSettings(context.settings);
  const host = resolveOllamaHost(settings.baseURL);
  const defaults: OllamaRequestDefaults = {
    ...(settings.keepAlive !== undefined ? { keepAlive: settings.keepAlive } : {}),
    ...(settings.numCtx !== undefined ? { numCtx: settings.numCtx } : {}),
  };

  async function optionalApiKey(): Promise<string> {
    try {
      return await requireSecret(secrets, id, {
        key: OLLAMA_API_KEY_SECRET,
        env: OLLAMA_API_KEY_ENV,
        description: "API key",
      });
    } catch (err) {
      // A local Ollama needs no key: its absence is the normal case, not an error.
      if (isProviderError(err) && err.code === "missing_credentials") return "";
      throw err;
    }
  }

  const client = createRotatingClient<OllamaConnection, string>({
    provider: id,
    metrics,
    logger,
    resolveCredentials: optionalApiKey,
    create: (apiKey): OllamaConnection => {
      const headers: Record<string, string> = {};
      if (apiKey) headers.Authorization = `Bearer ${apiKey}`;
      return { host, headers };
    },
  });

  /** Runs one attempt on an SDK bound to `signal`, keeping the error reply's headers. */
  async function withSdk<T>(
    connection: OllamaConnection,
    signal: AbortSignal,
    run: (sdk: Ollama) => Promise<T>,
  ): Promise<T> {
    const scoped = createRequestScopedFetch(fetch, signal);
    const sdk = new Ollama({
      host: connection.host,
      fetch: scoped.fetch,
      headers: connection.headers,
    });
    try {
      return await run(sdk);
    } catch (err) {
      throw toOllamaHttpError(err, scoped.failed());
    }
  }

  const modelOf = (requested: string | undefined): string => {
    const model = requested ?? settings.defaultModel ?? manifest.defaultModel;
    if (model) return model;
    throw new ProviderError(`${id}: the request names no model and no default is configured`, {
      status: 400,
      code: "missing_model",
      provider: id,
      retryable: false,
    });
  };

  const common = providerCallBase({
    provider: id,
    metrics,
    logger,
    timeoutMs: settings.timeoutMs,
    retryAttempts: settings.retryAttempts,
  });

  const listTags = (connection: OllamaConnection, signal: AbortSignal) =>
    withSdk(connection, signal, (sdk) => sdk.list());

  return {
    id,
    capabilities: { ...OLLAMA_CAPABILITIES },

    async chat(req, ctx) {
      const model = modelOf(req.model);
      const params = toOllamaChatRequest(req, model, defaults, req.providerOptions?.[id]);
      const connection = await client.get();
      const reply = await runProviderCall({
        ...common(model, ctx),
        call: (signal) =>
          withSdk(connection, signal, (sdk) => sdk.chat(freshChatBody(params, false))),
        usage: (r) => mapOllamaUsage(r),
      });
      return assertNotEmpty(mapOllamaResponse(reply as OllamaWireChatChunk, model));
    },

    // A generator, so that a bad request fails the iteration rather than the call.
    async *stream(req, ctx) {
      const model = modelOf(req.model);
      const params = toOllamaChatRequest(req, model, defaults, req.providerOptions?.[id]);
      yield* runProviderStream({
        ...common(model, ctx),
        ...(settings.idleTimeoutMs !== undefined ? { idleTimeoutMs: settings.idleTimeoutMs } : {}),
        open: async (signal) => {
          const connection = await client.get();
          const chunks = await withSdk(connection, signal, (sdk) =>
            sdk.chat(freshChatBody(params, true)),
          );
          return mapOllamaStream(
            classifyStreamErrors(chunks as AsyncIterable<OllamaWireChatChunk>),
            model,
          );
        },
      });
    },

    async embed(req, ctx) {
      const model = modelOf(req.model);
      const body = toOllamaEmbedRequest(req, model, defaults, req.providerOptions?.[id]);
      const connection = await client.get();
      const res = await runProviderCall({
        ...common(model, ctx),
        operation: "embed",
        call: (signal) => withSdk(connection, signal, (sdk) => sdk.embed({ ...body })),
        usage: (r) => ({
          promptTokens: r.prompt_eval_count ?? 0,
          totalTokens: r.prompt_eval_count ?? 0,
        }),
      });
      return mapOllamaEmbedResponse(res, model);
    },

    async listModels(ctx) {
      const connection = await client.get();
      const list = await runProviderCall({
        ...common("none", ctx),
        operation: "list_models",
        call: (signal) => listTags(connection, signal),
      });
      return (list.models ?? []).map((m) => ({
        id: m.name || m.model,
        ...(m.details?.family ? { ownedBy: m.details.family } : {}),
      }));
    },

    async probe(ctx) {
      // ProviderError messages are already scrubbed of registered secrets.
      return timeProbe(
        async () => {
          const connection = await client.get();
          await runProviderCall({
            ...common("none", ctx),
            operation: "probe",
            retry: { attempts: 1 },
            call: (signal) => listTags(connection, signal),
          });
        },
        (err) => (err instanceof Error ? err.message : String(err)),
      );
    },

    close: () => client.close(),
  };
}
