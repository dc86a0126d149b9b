import {
  type ChatStreamEvent,
  defineProvider,
  type ModelProvider,
  type ProviderPlugin,
} from "@oss-ai-agent-tool/core";
import {
  createReferencePlugin,
  type ReferencePluginOptions,
  type ReferenceSettings,
  referenceManifest,
} from "../../src/reference-provider/index.js";

type Settings = ReferenceSettings;

const options: ReferencePluginOptions = {
  id: "reference-openai",
  apiKeyEnv: "REFERENCE_OPENAI_API_KEY",
};
const referencePlugin = createReferencePlugin(options);

/** The manifest every broken variant is checked against: the intact provider's. */
export const brokenManifest = referenceManifest(options);

/** The reference provider with one behaviour broken, the way real providers break. */
function broken(patch: (inner: ModelProvider) => Partial<ModelProvider>): ProviderPlugin<Settings> {
  return defineProvider<Settings>(async (ctx) => {
    const inner = await referencePlugin.create(ctx);
    return { ...inner, ...patch(inner) };
  });
}

/** Streams without the usage event: the most common gateway complaint. */
export const dropsStreamUsage = broken((inner) => ({
  async *stream(req, ctx) {
    for await (const event of inner.stream?.(req, ctx) ?? []) {
      if (event.type !== "usage") yield event as ChatStreamEvent;
    }
  },
}));

/** Loses the caller's context, so aborts and deadlines never reach the SDK. */
export const ignoresContext = broken((inner) => ({
  chat: (req) => inner.chat(req),
}));

/** Throws whatever it caught instead of a normalized ProviderError. */
export const skipsNormalization = broken((inner) => ({
  async chat(req, ctx) {
    try {
      return await inner.chat(req, ctx);
    } catch (err) {
      throw new Error(`upstream failed: ${String((err as Error).message)}`);
    }
  },
}));

/** Reports every finish reason as "stop". */
export const flattensFinishReasons = broken((inner) => ({
  async chat(req, ctx) {
    const res = await inner.chat(req, ctx);
    return { ...res, finishReason: "stop" };
  },
}));

/** Every broken variant, by name. */
export const brokenProviders: Record<string, ProviderPlugin<Settings>> = {
  dropsStreamUsage,
  ignoresContext,
  skipsNormalization,
  flattensFinishReasons,
};
