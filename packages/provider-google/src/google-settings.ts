import { baseProviderSettingsSchema, parseProviderSettings } from "@oss-ai-agent-tool/core";
import { z } from "zod";

/** The provider id: the manifest's `id`, the metric label and the `providerOptions` key. */
export const GOOGLE_PROVIDER_ID = "google";

/**
 * How tool and response JSON Schemas reach Gemini: converted to the OpenAPI
 * subset of `parameters` / `responseSchema` (the default, accepted by every
 * Gemini model), or passed as they are in `parametersJsonSchema` /
 * `responseJsonSchema`, which newer models accept.
 */
export const geminiSchemaModeSchema = z.enum(["openapi", "json-schema"]);

/** See {@link geminiSchemaModeSchema}. */
export type GeminiSchemaMode = z.output<typeof geminiSchemaModeSchema>;

/** One Gemini safety setting, e.g. `{ category: "HARM_CATEGORY_HARASSMENT", threshold: "BLOCK_ONLY_HIGH" }`. */
export const geminiSafetySettingSchema = z
  .object({
    category: z.string().min(1),
    threshold: z.string().min(1),
  })
  .strict();

/**
 * Settings of the Google provider (`providers.settings.google`). The
 * manifest's `optionsSchema` in `package.json` is the same schema as static
 * JSON Schema; a test keeps the two in step.
 */
export const googleSettingsSchema = baseProviderSettingsSchema
  .extend({
    // Narrower than core's z.url(): the manifest can only say `^https?://`.
    baseURL: z.url({ protocol: /^https?$/, message: "must be an absolute http(s) URL" }).optional(),
    /** Model for `embed()` when the request names none. Default `gemini-embedding-001`. */
    defaultEmbeddingModel: z.string().min(1).optional(),
    /** API version path segment, e.g. `v1beta` (default) or `v1`. */
    apiVersion: z
      .string()
      .regex(/^v\d+[a-z0-9]*$/, { message: 'must be an API version such as "v1beta"' })
      .optional(),
    /** How tool and response schemas are sent; default `openapi`. */
    schemaMode: geminiSchemaModeSchema.optional(),
    /** Safety settings sent with every chat request that sets none of its own. */
    safetySettings: z.array(geminiSafetySettingSchema).optional(),
  })
  .strict();

/** Validated settings of the Google provider. */
export type GoogleSettings = z.output<typeof googleSettingsSchema>;

/**
 * Validates settings with {@link googleSettingsSchema}. The orchestrator has
 * checked them against the manifest already; this guards direct use of the
 * factory and fails with a message that names each bad field.
 *
 * @throws {ProviderError} status 500, code `invalid_settings`.
 */
export function parseGoogleSettings(settings: unknown): GoogleSettings {
  return parseProviderSettings(GOOGLE_PROVIDER_ID, googleSettingsSchema, settings);
}
