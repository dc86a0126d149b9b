import { baseProviderSettingsSchema, parseProviderSettings } from "@oss-ai-agent-tool/core";
import { z } from "zod";

/** The provider id: the manifest's `id`, the metric label and the `providerOptions` key. */
export const MISTRAL_PROVIDER_ID = "mistral";

/**
 * Settings of the Mistral provider (`providers.settings.mistral`). The
 * manifest's `optionsSchema` in `package.json` is the same schema as static
 * JSON Schema; a test keeps the two in step.
 */
export const mistralSettingsSchema = baseProviderSettingsSchema
  .extend({
    // Narrower than core's z.url(): the manifest can only say `^https?://`.
    baseURL: z.url({ protocol: /^https?$/, message: "must be an absolute http(s) URL" }).optional(),
    /** Model for `embed()` when the request names none. Default `mistral-embed`. */
    defaultEmbeddingModel: z.string().min(1).optional(),
    /** Sends Mistral's `safe_prompt` on every chat request unless the request says otherwise. */
    safePrompt: z.boolean().optional(),
  })
  .strict();

/** Validated settings of the Mistral provider. */
export type MistralSettings = z.output<typeof mistralSettingsSchema>;

/**
 * Validates settings with {@link mistralSettingsSchema}. The orchestrator has
 * checked them against the manifest already; this guards direct use of the
 * factory and fails with a message that names each bad field.
 *
 * @throws {ProviderError} status 500, code `invalid_settings`.
 */
export function parseMistralSettings(settings: unknown): MistralSettings {
  return parseProviderSettings(MISTRAL_PROVIDER_ID, mistralSettingsSchema, settings);
}
