import { formatValidationError, ProviderError } from "@oss-ai-agent-tool/core";
import { z } from "zod";
import {
  GOOGLE_PROVIDER_ID,
  geminiSafetySettingSchema,
  geminiSchemaModeSchema,
} from "./google-settings.js";

/**
 * The Gemini request fields the contract has no name for, read from
 * `providerOptions.google`.
 */
const googleChatOptionsSchema = z
  .object({
    /** Gemini's `thinkingConfig`: `includeThoughts` returns thought summaries as reasoning. */
    thinkingConfig: z
      .object({
        includeThoughts: z.boolean().optional(),
        thinkingBudget: z.number().int().optional(),
        thinkingLevel: z.string().min(1).optional(),
      })
      .strict(),
    safetySettings: z.array(geminiSafetySettingSchema),
    topK: z.number().positive(),
    presencePenalty: z.number(),
    frequencyPenalty: z.number(),
    /** The name of a cached content (`cachedContents/...`) to use as the prompt's prefix. */
    cachedContent: z.string().min(1),
    mediaResolution: z.string().min(1),
    schemaMode: geminiSchemaModeSchema,
  })
  .partial();

/** Gemini chat fields a request may set through `providerOptions.google`. */
export type GoogleChatOptions = z.output<typeof googleChatOptionsSchema>;

const googleEmbedOptionsSchema = z
  .object({
    /** e.g. `RETRIEVAL_QUERY`, `RETRIEVAL_DOCUMENT`, `SEMANTIC_SIMILARITY`. */
    taskType: z.string().min(1),
    /** A document title, for `taskType: RETRIEVAL_DOCUMENT`. */
    title: z.string().min(1),
  })
  .partial();

/** Gemini embedding fields a request may set through `providerOptions.google`. */
export type GoogleEmbedOptions = z.output<typeof googleEmbedOptionsSchema>;

function camelCase(key: string): string {
  return key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

function camelKeys(value: unknown): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [camelCase(k), v]));
}

/**
 * Reads `providerOptions.google` for the keys `schema` knows, accepting both
 * the wire's camelCase (`topK`) and snake_case (`top_k`, as in Google's
 * Python SDK), also one level down (`thinking_config.thinking_budget`).
 * Unknown keys are ignored, as other providers' options are.
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
    if (known.has(name) && value !== undefined) picked[name] = camelKeys(value);
  }
  const result = schema.safeParse(picked);
  if (result.success) return result.data;
  throw new ProviderError(
    `${GOOGLE_PROVIDER_ID}: invalid provider options: ${formatValidationError(result.error, `providerOptions.${GOOGLE_PROVIDER_ID}`)}`,
    {
      status: 400,
      code: "invalid_provider_options",
      provider: GOOGLE_PROVIDER_ID,
      retryable: false,
    },
  );
}

/** Reads the chat fields of `providerOptions.google`. Pure; throws a 400 on a bad value. */
export function readGoogleChatOptions(
  raw: { [key: string]: unknown } | undefined,
): GoogleChatOptions {
  return readOptions(googleChatOptionsSchema, raw);
}

/** Reads the embedding fields of `providerOptions.google`. Pure; throws a 400 on a bad value. */
export function readGoogleEmbedOptions(
  raw: { [key: string]: unknown } | undefined,
): GoogleEmbedOptions {
  return readOptions(googleEmbedOptionsSchema, raw);
}
