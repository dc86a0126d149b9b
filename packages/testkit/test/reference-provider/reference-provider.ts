import {
  assertNotEmpty,
  type BaseProviderSettings,
  type ChatRequest,
  type ChatResponse,
  createRotatingClient,
  defineProvider,
  type ModelProvider,
  type ProviderContext,
  requireSecret,
  runProviderCall,
  runProviderStream,
} from "@oss-ai-agent-tool/core";
import OpenAI from "openai";
import { convertToOpenAIMessages } from "./convert-to-openai-messages.js";
import { mapOpenAIFinishReason } from "./map-openai-finish-reason.js";
import { mapOpenAIStream } from "./map-openai-stream.js";
import { mapOpenAIUsage } from "./map-openai-usage.js";

const ID = "reference-openai";

function toOpenAIParams(req: ChatRequest, model: string) {
  return {
    model,
    messages: convertToOpenAIMessages(req.messages),
    ...(req.temperature !== undefined ? { temperature: req.temperature } : {}),
    ...(req.topP !== undefined ? { top_p: req.topP } : {}),
    ...(req.maxTokens !== undefined ? { max_tokens: req.maxTokens } : {}),
    ...(req.stop !== undefined ? { stop: req.stop } : {}),
    ...(req.seed !== undefined ? { seed: req.seed } : {}),
    ...(req.tools?.length
      ? {
          tools: req.tools.map((t) => ({
            type: "function" as const,
            function: {
              name: t.name,
              parameters: t.parameters,
              ...(t.description ? { description: t.description } : {}),
            },
          })),
        }
      : {}),
  };
}

/**
 * A small OpenAI-compatible provider built only from core's helpers and the
 * official SDK. It exists to prove the conformance suite against real code.
 */
export default defineProvider<BaseProviderSettings>(
  ({ secrets, settings, fetch, metrics, logger }) => {
    const client = createRotatingClient({
      provider: ID,
      metrics,
      logger,
      resolveCredentials: () =>
        requireSecret(secrets, ID, {
          key: "provider:reference-openai:apiKey",
          env: "REFERENCE_OPENAI_API_KEY",
          description: "API key",
        }),
      create: (apiKey) =>
        new OpenAI({ apiKey, baseURL: `${settings.baseURL}/v1`, maxRetries: 0, fetch }),
    });
    const common = (model: string, ctx?: ProviderContext) => ({
      provider: ID,
      model,
      metrics,
      logger,
      ...(ctx ? { ctx } : {}),
      ...(settings.timeoutMs !== undefined ? { timeoutMs: settings.timeoutMs } : {}),
      retry: { attempts: settings.retryAttempts ?? 3, baseDelayMs: 10 },
    });

    const provider: ModelProvider = {
      id: ID,
      capabilities: {
        chat: true,
        stream: true,
        tools: true,
        embeddings: true,
        vision: true,
        responseFormat: true,
        reasoning: false,
      },
      async chat(req, ctx) {
        const model = req.model ?? settings.defaultModel ?? "conformance-model";
        const sdk = await client.get();
        const completion = await runProviderCall({
          ...common(model, ctx),
          call: (signal) =>
            sdk.chat.completions.create(
              { ...toOpenAIParams(req, model), stream: false },
              { signal },
            ),
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
          provider: ID,
          model: completion.model,
          output: choice?.message.content ?? "",
          finishReason: mapOpenAIFinishReason(choice?.finish_reason),
          ...(choice?.finish_reason ? { rawFinishReason: choice.finish_reason } : {}),
          ...(toolCalls.length ? { toolCalls } : {}),
          ...(usage ? { usage } : {}),
        };
        return assertNotEmpty(response);
      },
      stream(req, ctx) {
        const model = req.model ?? settings.defaultModel ?? "conformance-model";
        return runProviderStream({
          ...common(model, ctx),
          open: async (signal) => {
            const sdk = await client.get();
            const chunks = await sdk.chat.completions.create(
              {
                ...toOpenAIParams(req, model),
                stream: true,
                stream_options: { include_usage: true },
              },
              { signal },
            );
            return mapOpenAIStream(chunks);
          },
        });
      },
      async embed(req, ctx) {
        const model = req.model ?? "conformance-embedding";
        const sdk = await client.get();
        const res = await runProviderCall({
          ...common(model, ctx),
          operation: "embed",
          call: (signal) => sdk.embeddings.create({ model, input: req.input }, { signal }),
          usage: (r) => ({
            promptTokens: r.usage.prompt_tokens,
            totalTokens: r.usage.total_tokens,
          }),
        });
        return {
          provider: ID,
          model: res.model,
          embeddings: res.data.map((d) => d.embedding),
          usage: { promptTokens: res.usage.prompt_tokens, totalTokens: res.usage.total_tokens },
        };
      },
      async probe(ctx) {
        const started = performance.now();
        try {
          const sdk = await client.get();
          await runProviderCall({
            ...common("none", ctx),
            operation: "probe",
            retry: { attempts: 1 },
            call: (signal) => sdk.models.list({ signal }),
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
