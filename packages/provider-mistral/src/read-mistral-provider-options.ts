import { formatValidationError, ProviderError } from "@oss-ai-agent-tool/core";
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

function camelCase(key: string): string {
  return key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/**
 * Reads `providerOptions.mistral` for the keys `schema` knows, accepting both
 * the wire's snake_case (`safe_prompt`) and the SDK's camelCase
 * (`safePrompt`). Unknown keys are ignored, as other providers' options are.
 *
 * @throws {ProviderError} 400 `invalid_provider_options` naming the bad field.
 */
function readOptions<T extends z.ZodObject>(
  schema: T,
  raw: { [key: string]: unknown } | undefined,
): z.output<T> {
  const known = new Set(Object.keys(schema.shape));
  const picked: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw ?? {})) {
    const name = camelCase(key);
    if (known.has(name) && value !== undefined) picked[name] = value;
  }
  const result = schema.safeParse(picked);
  if (result.success) return result.data;
  throw new ProviderError(
    `${MISTRAL_PROVIDER_ID}: invalid provider options: ${formatValidationError(result.error, `providerOptions.${MISTRAL_PROVIDER_ID}`)}`,
    {
      status: 400,
      code: "invalid_provider_options",
      provider: MISTRAL_PROVIDER_ID,
      retryable: false,
    },
  );
}

/** Reads the chat fields of `providerOptions.mistral`. Pure; throws a 400 on a bad value. */
export function readMistralChatOptions(
  raw: { [key: string]: unknown } | undefined,
): MistralChatOptions {
  return readOptions(mistralChatOptionsSchema, raw);
}

/** Reads the embedding fields of `providerOptions.mistral`. Pure; throws a 400 on a bad value. */
export function readMistralEmbedOptions(
  raw: { [key: string]: unknown } | undefined,
): MistralEmbedOptions {
  return readOptions(mistralEmbedOptionsSchema, raw);
}
