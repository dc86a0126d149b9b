import { baseProviderSettingsSchema, parseProviderSettings } from "@oss-ai-agent-tool/core";
import { z } from "zod";
import { ANTHROPIC_API_VERSIONS, ANTHROPIC_PROVIDER_ID } from "./anthropic-capabilities.js";

/**
 * Settings of the Anthropic provider (`providers.settings.anthropic`). The
 * manifest's `optionsSchema` in `package.json` is the same schema as static
 * JSON Schema; a test keeps the two in step.
 */
export const anthropicSettingsSchema = baseProviderSettingsSchema
  .extend({
    // Narrower than core's z.url(): the manifest can only say `^https?://`.
    baseURL: z.url({ protocol: /^https?$/, message: "must be an absolute http(s) URL" }).optional(),
    /** `max_tokens` for requests that set no `maxTokens`. Default 4096. */
    defaultMaxTokens: z.number().int().min(1).optional(),
    /** The `anthropic-version` header. Default: the SDK's (`2026-10-21`). */
    anthropicVersion: z.enum(ANTHROPIC_API_VERSIONS).optional(),
    /**
     * What to do with request parameters the API version rejects (`temperature`,
     * `top_p`, `top_k` on 2026-10-21; `seed` always): `drop` (default) leaves
     * them out with a warning, `reject` fails the request with a 400.
     */
    unsupportedParameters: z.enum(["drop", "reject"]).optional(),
    /** Beta features, sent as the `anthropic-beta` header. */
    betas: z.array(z.string().min(1)).optional(),
  })
  .strict();

/** Validated settings of the Anthropic provider. */
export type AnthropicSettings = z.output<typeof anthropicSettingsSchema>;

/**
 * Validates settings with {@link anthropicSettingsSchema}. The orchestrator
 * has checked them against the manifest already; this guards direct use of
 * the factory and fails with a message that names each bad field.
 *
 * @throws {ProviderError} status 500, code `invalid_settings`.
 */
export function parseAnthropicSettings(settings: unknown): AnthropicSettings {
  return parseProviderSettings(ANTHROPIC_PROVIDER_ID, anthropicSettingsSchema, settings);
}
