import type Anthropic from "@anthropic-ai/sdk";
import type {
  MessageCreateParamsNonStreaming,
  MessageCreateParamsStreaming,
} from "@anthropic-ai/sdk/resources/messages";
import {
  assertNotEmpty,
  type ChatRequest,
  createRotatingClient,
  type ModelInfo,
  type ModelProvider,
  normalizeProviderError,
  type ProviderContext,
  ProviderError,
  type ProviderFactoryContext,
  providerCallBase,
  requireSecret,
  runProviderCall,
  runProviderStream,
  timeProbe,
} from "@oss-ai-agent-tool/core";
import {
  ANTHROPIC_API_KEY_ENV,
  ANTHROPIC_API_KEY_SECRET,
  ANTHROPIC_CAPABILITIES,
  ANTHROPIC_DEFAULT_MAX_TOKENS,
  ANTHROPIC_DEFAULT_MODEL,
  ANTHROPIC_PROVIDER_ID,
  ANTHROPIC_SDK_API_VERSION,
} from "./anthropic-capabilities.js";
import { parseAnthropicSettings } from "./anthropic-settings.js";
import { createAnthropicClient } from "./create-anthropic-client.js";
import {
  type AnthropicUnsupportedParameter,
  findUnsupportedParameters,
} from "./find-unsupported-parameters.js";
import {
  InvalidAnthropicRequestError,
  toInvalidRequestProviderError,
} from "./invalid-anthropic-request-error.js";
import { mapAnthropicModels } from "./map-anthropic-models.js";
import { mapAnthropicResponse } from "./map-anthropic-response.js";
import { mapAnthropicStream } from "./map-anthropic-stream.js";
import { readAnthropicChatOptions } from "./read-anthropic-provider-options.js";
import { streamWithAnthropicErrors, withAnthropicErrors } from "./to-anthropic-error.js";
import { type PreparedAnthropicParams, toAnthropicParams } from "./to-anthropic-params.js";

const id = ANTHROPIC_PROVIDER_ID;
const PROBE_TIMEOUT_MS = 10_000;
// Bounds listModels, should an upstream keep answering has_more.
const MAX_MODEL_PAGES = 20;

/**
 * Builds the Anthropic provider from what the orchestrator hands a plugin
 * factory. Settings are validated first (a bad one throws, naming the
 * field). The SDK client is rebuilt when the API key changes in the secrets
 * store; every call goes through core's runners, with the runner's signal
 * passed to the SDK.
 */
export function createAnthropicProvider(context: ProviderFactoryContext<unknown>): ModelProvider {
  const settings = parseAnthropicSettings(context.settings);
  const { secrets, fetch, metrics, logger, manifest } = context;
  const version = settings.anthropicVersion ?? ANTHROPIC_SDK_API_VERSION;
  const defaultMaxTokens = settings.defaultMaxTokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS;
  const unsupportedMode = settings.unsupportedParameters ?? "drop";
  const warned = new Set<AnthropicUnsupportedParameter>();

  const client = createRotatingClient<Anthropic, string>({
    provider: id,
    metrics,
    logger,
    resolveCredentials: () =>
      requireSecret(secrets, id, {
        key: ANTHROPIC_API_KEY_SECRET,
        env: ANTHROPIC_API_KEY_ENV,
        description: "API key",
      }),
    create: (apiKey) =>
      createAnthropicClient({
        apiKey,
        baseURL: settings.baseURL,
        fetch,
        anthropicVersion: settings.anthropicVersion,
        betas: settings.betas,
        logger,
      }),
  });

  const chatModel = (requested: string | undefined): string =>
    requested || settings.defaultModel || manifest.defaultModel || ANTHROPIC_DEFAULT_MODEL;

  const common = providerCallBase({
    provider: id,
    metrics,
    logger,
    timeoutMs: settings.timeoutMs,
    retryAttempts: settings.retryAttempts,
  });

  const handleUnsupported = (model: string, found: AnthropicUnsupportedParameter[]) => {
    if (found.length === 0) return;
    if (unsupportedMode === "reject") {
      const sampling = found.filter((name) => name !== "seed");
      const why = [
        ...(sampling.length > 0
          ? [
              `Anthropic API version ${version} does not accept ${sampling.join(", ")} (anthropicVersion: "2023-06-01" still does)`,
            ]
          : []),
        ...(found.includes("seed") ? ["Anthropic has no seed"] : []),
      ].join("; ");
      throw new ProviderError(
        `${id}: ${why}; remove ${found.length > 1 ? "them" : "it"} from the request, or set providers.settings.${id}.unsupportedParameters: drop`,
        { status: 400, code: "unsupported_parameter", provider: id, retryable: false },
      );
    }
    const fresh = found.filter((name) => !warned.has(name));
    if (fresh.length === 0) return;
    for (const name of fresh) warned.add(name);
    logger.warn(
      { provider: id, model, parameters: fresh, anthropicVersion: version },
      "left out parameters the Anthropic API version does not accept (set unsupportedParameters: reject to fail instead)",
    );
  };

  /** Builds the body; every 400 we can see coming is raised here, before any I/O. */
  const prepare = (req: ChatRequest, model: string): PreparedAnthropicParams => {
    const options = readAnthropicChatOptions(req.providerOptions?.[id]);
    handleUnsupported(model, findUnsupportedParameters(req, options, version));
    try {
      return toAnthropicParams(req, model, { defaultMaxTokens, version, options });
    } catch (err) {
      if (err instanceof InvalidAnthropicRequestError) throw toInvalidRequestProviderError(id, err);
      throw err;
    }
  };

  // The client is resolved inside each runner call, so a failing credential
  // lookup is normalized, counted in metrics and aborted like any other failure.
  const listModels = async (ctx: ProviderContext | undefined, probe: boolean) =>
    runProviderCall({
      ...common("none", ctx),
      operation: probe ? "probe" : "list_models",
      ...(probe
        ? {
            retry: { attempts: 1 },
            timeoutMs: Math.min(settings.timeoutMs ?? PROBE_TIMEOUT_MS, PROBE_TIMEOUT_MS),
          }
        : {}),
      call: async (signal) => {
        const sdk = await client.get();
        return withAnthropicErrors(id, async () => {
          let page = await sdk.models.list({ limit: probe ? 1 : 1000 }, { signal });
          const cards = [...page.data];
          for (let n = 1; !probe && n < MAX_MODEL_PAGES && page.hasNextPage(); n++) {
            page = await page.getNextPage();
            cards.push(...page.data);
          }
          return cards;
        });
      },
    });

  return {
    id,
    capabilities: { ...ANTHROPIC_CAPABILITIES },

    async chat(req, ctx) {
      const model = chatModel(req.model);
      const { params, jsonTool } = prepare(req, model);
      const body: MessageCreateParamsNonStreaming = { ...params, stream: false };
      const response = await runProviderCall({
        ...common(model, ctx),
        call: async (signal) => {
          const sdk = await client.get();
          const message = await withAnthropicErrors(id, () =>
            sdk.messages.create(body, { signal }),
          );
          return mapAnthropicResponse(message, id, { jsonTool });
        },
        usage: (r) => r.usage,
      });
      return assertNotEmpty(response);
    },

    // A generator, so a bad request fails the iteration rather than the call.
    async *stream(req, ctx) {
      const model = chatModel(req.model);
      const { params, jsonTool } = prepare(req, model);
      const body: MessageCreateParamsStreaming = { ...params, stream: true };
      yield* runProviderStream({
        ...common(model, ctx),
        ...(settings.idleTimeoutMs !== undefined ? { idleTimeoutMs: settings.idleTimeoutMs } : {}),
        open: async (signal) => {
          const sdk = await client.get();
          const events = await withAnthropicErrors(id, () => sdk.messages.create(body, { signal }));
          return mapAnthropicStream(streamWithAnthropicErrors(id, events), { jsonTool });
        },
      });
    },

    async listModels(ctx): Promise<ModelInfo[]> {
      return mapAnthropicModels(await listModels(ctx, false));
    },

    async probe(ctx) {
      // ProviderError messages are scrubbed of registered secrets when built.
      return timeProbe(
        () => listModels(ctx, true),
        (err) => normalizeProviderError(id, err).message,
      );
    },

    close: () => client.close(),
  };
}
