import { readProviderOptions } from "@oss-ai-agent-tool/core";
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

/**
 * Reads the chat fields of `providerOptions.google`, in camelCase (`topK`) or
 * snake_case (`top_k`, as in Google's Python SDK), also one level down
 * (`thinking_config.thinking_budget`). Pure; throws a 400 on a bad value.
 */
export function readGoogleChatOptions(
  raw: { [key: string]: unknown } | undefined,
): GoogleChatOptions {
  return readProviderOptions(GOOGLE_PROVIDER_ID, googleChatOptionsSchema, raw, {
    nestedKeys: true,
  });
}

/** Reads the embedding fields of `providerOptions.google`. Pure; throws a 400 on a bad value. */
export function readGoogleEmbedOptions(
  raw: { [key: string]: unknown } | undefined,
): GoogleEmbedOptions {
  return readProviderOptions(GOOGLE_PROVIDER_ID, googleEmbedOptionsSchema, raw, {
    nestedKeys: true,
  });
}
