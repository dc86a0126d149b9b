import { readProviderOptions } from "@oss-ai-agent-tool/core";
import { z } from "zod";
import { MISTRAL_PROVIDER_ID } from "./mistral-settings.js";

/**
 * The Mistral request fields the contract has no name for. The SDK drops keys
 * it does not know, so only these reach the wire.
 */
const mistralChatOptionsSchema = z
  .object({
    safePrompt: z.boolean(),
    presencePenalty: z.number(),
    frequencyPenalty: z.number(),
    parallelToolCalls: z.boolean(),
    reasoningEffort: z.enum(["none", "minimal", "low", "medium", "high", "xhigh"]),
    promptMode: z.literal("reasoning"),
    promptCacheKey: z.string(),
    serviceTier: z.enum(["auto", "standard_only"]),
    metadata: z.record(z.string(), z.unknown()),
    prediction: z.object({ type: z.literal("content").optional(), content: z.string() }),
  })
  .partial();

/** Mistral chat fields a request may set through `providerOptions.mistral`. */
export type MistralChatOptions = z.output<typeof mistralChatOptionsSchema>;

const mistralEmbedOptionsSchema = z
  .object({ outputDtype: z.enum(["float", "int8", "uint8", "binary", "ubinary"]) })
  .partial();

/** Mistral embedding fields a request may set through `providerOptions.mistral`. */
export type MistralEmbedOptions = z.output<typeof mistralEmbedOptionsSchema>;

/** Reads the chat fields of `providerOptions.mistral`. Pure; throws a 400 on a bad value. */
export function readMistralChatOptions(
  raw: { [key: string]: unknown } | undefined,
): MistralChatOptions {
  return readProviderOptions(MISTRAL_PROVIDER_ID, mistralChatOptionsSchema, raw);
}

/** Reads the embedding fields of `providerOptions.mistral`. Pure; throws a 400 on a bad value. */
export function readMistralEmbedOptions(
  raw: { [key: string]: unknown } | undefined,
): MistralEmbedOptions {
  return readProviderOptions(MISTRAL_PROVIDER_ID, mistralEmbedOptionsSchema, raw);
}
