import {
  assertNotEmpty,
  type ChatRequest,
  type EmbedRequest,
  type Logger,
  type ModelInfo,
  type ModelProvider,
  normalizeProviderError,
  type ProviderCapabilities,
  type ProviderContext,
  ProviderError,
  type ProviderMetrics,
  providerCallBase,
  runProviderCall,
  runProviderStream,
  timeProbe,
} from "@oss-ai-agent-tool/core";
import type OpenAI from "openai";
import {
  findUnsupportedParameters,
  type UnsupportedParameter,
} from "./find-unsupported-parameters.js";
import { InvalidChatRequestError } from "./invalid-chat-request-error.js";
import { isOpenAIReasoningModel } from "./is-openai-reasoning-model.js";
import { mapOpenAIChatResponse } from "./map-openai-chat-response.js";
import { mapOpenAIEmbeddings, type OpenAIEmbeddingsLike } from "./map-openai-embeddings.js";
import { mapOpenAIStream } from "./map-openai-stream.js";
import { mapOpenAIUsage } from "./map-openai-usage.js";
import type { UnsupportedParametersMode } from "./openai-settings.js";
import { type OpenAIChatParams, toOpenAIChatParams } from "./to-openai-chat-params.js";

/** What {@link createOpenAICompatibleProvider} builds a provider from. */
export interface OpenAICompatibleProviderOptions {
  /** Provider id: the metrics label, the error's `provider`, and the `providerOptions` key. */
  id: string;
  /** What the provider declares; `stream` and `embed` exist only when declared. */
  capabilities: ProviderCapabilities;
  metrics: ProviderMetrics;
  logger: Logger;
  /** Returns the current SDK client (e.g. rotating.get); called per request so rotation works. */
  client: () => Promise<OpenAI>;
  /** Releases the client(s) on close(). */
  close?: () => Promise<void>;
  /** Chat model for a request that names none. Without it such a request fails with 400 `missing_model`. */
  defaultModel?: string;
  /** Embedding model for a request that names none. */
  defaultEmbeddingModel?: string;
  /** Budget per attempt, in ms (for a stream: until its first event). */
  timeoutMs?: number;
  /** Longest silence between two streamed events, in ms. */
  idleTimeoutMs?: number;
  /** Total attempts per call, the first included. Default 3. */
  retryAttempts?: number;
  /** Maps the model named in a request to what goes on the wire (Azure: deployment names). */
  resolveModel?: (model: string) => string;
  /** Extra body parameters for one chat request, merged under providerOptions[id] (e.g. OpenRouter routing). */
  extraBody?: (req: ChatRequest) => Record<string, unknown> | undefined;
  /**
   * Whether a model (as the request names it, before `resolveModel`) follows
   * the reasoning-model rules: `max_completion_tokens` instead of
   * `max_tokens`, and none of `REASONING_UNSUPPORTED_PARAMETERS`. Default
   * {@link isOpenAIReasoningModel}; pass `() => false` for a server that
   * takes `max_tokens` for every model.
   */
  isReasoningModel?: (model: string) => boolean;
  /**
   * `reject` (default): fail the request with a 400 `unsupported_parameter`
   * naming the fields before anything is sent, as OpenAI itself would, since
   * the gateway drops nothing a client sent without saying so. `drop`: leave
   * them out, logging a warning once per model and field (for routes that mix
   * reasoning and other models behind one alias).
   */
  unsupportedParameters?: UnsupportedParametersMode;
  /**
   * The `encoding_format` asked for when the request's provider options name
   * none. Default `float`, which every compatible server understands;
   * `base64` is about a quarter of the bytes. Replies are decoded by shape,
   * whatever was asked.
   */
  embeddingEncoding?: "float" | "base64";
}

/** The chat body; `stream_options` may come in with the extra parameters. */
type ChatBody = OpenAIChatParams & { stream_options?: unknown };

// One warning per model and field is enough to explain the behaviour; the
// cap keeps a stream of made-up model names from growing the set.
const MAX_WARNED = 1_000;

/**
 * Builds a {@link ModelProvider} for any server that speaks OpenAI's chat
 * completions, embeddings and models API, through the official `openai` SDK
 * the caller constructs (with `maxRetries: 0` and the gateway's egress
 * `fetch`). Every call runs through core's runners, which own retries,
 * timeouts, the deadline, abort, metrics and error normalization.
 *
 * - `chat` and `stream` map the request with {@link toOpenAIChatParams};
 *   `req.providerOptions[id]` (over `extraBody`) adds body parameters but
 *   never replaces `model`, `messages`, `stream` or a mapped field.
 * - `stream` always asks for `stream_options.include_usage`, so usage is
 *   reported before `finish`.
 * - `listModels` and `probe` call `GET /models`; `probe` never throws.
 *
 * @example
 * const rotating = createRotatingClient({ provider: "acme", resolveCredentials, create });
 * return createOpenAICompatibleProvider({
 *   id: "acme", capabilities, metrics, logger,
 *   client: () => rotating.get(), close: () => rotating.close(),
 *   defaultModel: "acme-large",
 * });
 */
export function createOpenAICompatibleProvider(
  options: OpenAICompatibleProviderOptions,
): ModelProvider {
  const { id, metrics, logger } = options;
  const resolveModel = options.resolveModel ?? ((model: string) => model);
  const isReasoning = options.isReasoningModel ?? isOpenAIReasoningModel;
  const mode = options.unsupportedParameters ?? "reject";
  const warned = new Set<string>();

  const missingModel = (what: string) =>
    new ProviderError(`${id}: the request names no ${what} and no default is configured`, {
      status: 400,
      code: "missing_model",
      provider: id,
      retryable: false,
    });

  const chatModel = (requested: string | undefined): string => {
    const model = requested || options.defaultModel;
    if (!model) throw missingModel("model");
    return model;
  };

  const common = providerCallBase({
    provider: id,
    metrics,
    logger,
    timeoutMs: options.timeoutMs,
    retryAttempts: options.retryAttempts,
  });

  const reportDropped = (model: string, dropped: readonly UnsupportedParameter[]) => {
    const fresh = dropped.filter((name) => !warned.has(`${model}\u0000${name}`));
    if (fresh.length === 0) return;
    if (warned.size < MAX_WARNED) for (const name of fresh) warned.add(`${model}\u0000${name}`);
    logger.warn(
      { provider: id, model, parameters: fresh },
      "left out parameters the model does not accept (set unsupportedParameters: reject to fail instead)",
    );
  };

  /** Builds the chat body; every 400 we can see coming is raised here, before any I/O. */
  const prepareChat = (req: ChatRequest, model: string): ChatBody => {
    const extra = { ...options.extraBody?.(req), ...req.providerOptions?.[id] };
    const reasoning = isReasoning(model);
    const unsupported = findUnsupportedParameters(req, model, reasoning, extra);
    if (unsupported.length > 0) {
      if (mode === "reject") {
        throw new ProviderError(
          `${id}: model ${model} does not accept ${unsupported.join(", ")} (a reasoning model samples at fixed settings); remove ${unsupported.length > 1 ? "them" : "it"} from the request, or set providers.settings.${id}.unsupportedParameters: drop`,
          { status: 400, code: "unsupported_parameter", provider: id, retryable: false },
        );
      }
      reportDropped(model, unsupported);
    }
    try {
      return toOpenAIChatParams(req, resolveModel(model), { extra, reasoning, omit: unsupported });
    } catch (err) {
      if (!(err instanceof InvalidChatRequestError)) throw err;
      throw new ProviderError(`${id}: ${err.param}: ${err.message}`, {
        status: 400,
        code: "invalid_request",
        provider: id,
        retryable: false,
      });
    }
  };

  // The client is resolved inside each runner call, so a failing credential
  // lookup is normalized, counted in metrics and aborted like any other failure.
  const listModels = async (ctx: ProviderContext | undefined, probe: boolean) => {
    return runProviderCall({
      ...common("none", ctx),
      operation: probe ? "probe" : "list_models",
      ...(probe
        ? { retry: { attempts: 1 }, timeoutMs: Math.min(options.timeoutMs ?? 10_000, 10_000) }
        : {}),
      call: async (signal) => (await options.client()).models.list({ signal }),
    });
  };

  const provider: ModelProvider = {
    id,
    capabilities: { ...options.capabilities },

    async chat(req, ctx) {
      const model = chatModel(req.model);
      // stream_options is only valid on a streamed request.
      const { stream_options: _streamOnly, ...params } = prepareChat(req, model);
      const completion = await runProviderCall({
        ...common(model, ctx),
        call: async (signal) =>
          (await options.client()).chat.completions.create(
            { ...params, stream: false },
            { signal },
          ),
        usage: (c) => mapOpenAIUsage(c.usage),
      });
      return assertNotEmpty(mapOpenAIChatResponse(completion, id, model));
    },

    async listModels(ctx) {
      const page = await listModels(ctx, false);
      return page.data.map(
        (m): ModelInfo => ({
          id: m.id,
          ...(typeof m.owned_by === "string" && m.owned_by ? { ownedBy: m.owned_by } : {}),
        }),
      );
    },

    async probe(ctx) {
      // ProviderError messages are scrubbed of registered secrets when built.
      return timeProbe(
        () => listModels(ctx, true),
        (err) => normalizeProviderError(id, err).message,
      );
    },

    async close() {
      await options.close?.();
    },
  };

  if (options.capabilities.stream) {
    // A generator, so that a bad request fails the iteration rather than the call.
    provider.stream = async function* stream(req, ctx) {
      const model = chatModel(req.model);
      const params = prepareChat(req, model);
      const extraStreamOptions =
        typeof params.stream_options === "object" && params.stream_options !== null
          ? params.stream_options
          : {};
      yield* runProviderStream({
        ...common(model, ctx),
        ...(options.idleTimeoutMs !== undefined ? { idleTimeoutMs: options.idleTimeoutMs } : {}),
        open: async (signal) => {
          const openai = await options.client();
          const chunks = await openai.chat.completions.create(
            {
              ...params,
              stream: true,
              stream_options: { ...extraStreamOptions, include_usage: true },
            },
            { signal },
          );
          return mapOpenAIStream(chunks);
        },
      });
    };
  }

  if (options.capabilities.embeddings) {
    provider.embed = async (req: EmbedRequest, ctx?: ProviderContext) => {
      const model = req.model || options.defaultEmbeddingModel;
      if (!model) throw missingModel("embedding model");
      const extra = req.providerOptions?.[id] ?? {};
      const encoding =
        typeof extra.encoding_format === "string"
          ? extra.encoding_format
          : (options.embeddingEncoding ?? "float");
      const body = {
        ...extra,
        model: resolveModel(model),
        input: req.input,
        // Always explicit: without it the SDK asks for base64 and decodes whatever comes back as base64.
        encoding_format: encoding as "float" | "base64",
        ...(req.dimensions !== undefined ? { dimensions: req.dimensions } : {}),
        ...(req.user !== undefined ? { user: req.user } : {}),
      };
      const res = (await runProviderCall({
        ...common(model, ctx),
        operation: "embed",
        call: async (signal) => (await options.client()).embeddings.create(body, { signal }),
        usage: (r) => ({
          promptTokens: r.usage?.prompt_tokens ?? 0,
          totalTokens: r.usage?.total_tokens ?? 0,
        }),
      })) as unknown as OpenAIEmbeddingsLike;
      return mapOpenAIEmbeddings(res, id, model);
    };
  }

  return provider;
}
