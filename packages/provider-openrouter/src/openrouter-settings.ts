import { baseProviderSettingsSchema, formatValidationError } from "@oss-ai-agent-tool/core";
import { z } from "zod";

/** OpenRouter's OpenAI-compatible API base. */
export const OPENROUTER_BASE_URL = "https://openrouter.ai/api/v1";

const httpUrl = z
  .url({ message: "must be an absolute http(s) URL" })
  .regex(/^https?:\/\//i, { message: "must be an absolute http(s) URL" });

// Header values must be printable ASCII: fetch rejects anything else at request time.
const headerText = z
  .string()
  .regex(/^[\x20-\x7E]+$/, { message: "must be printable ASCII (it is sent as an HTTP header)" });

const looseObject = z.record(z.string(), z.unknown());

/**
 * Defaults for OpenRouter's own request fields, sent with every chat request
 * unless the request's `providerOptions.openrouter` sets them. Names are
 * OpenRouter's body names.
 */
export const openRouterRequestDefaultsSchema = z
  .object({
    /** Provider routing: `order`, `allow_fallbacks`, `only`, `ignore`, `sort`, `data_collection`, ... */
    provider: looseObject.optional(),
    /** Fallback models, tried in order when the requested one fails. */
    models: z.array(z.string().min(1)).optional(),
    /** `"fallback"` with `models`. */
    route: z.string().min(1).optional(),
    /** Prompt transforms, e.g. `["middle-out"]`. */
    transforms: z.array(z.string().min(1)).optional(),
    /** Reasoning tokens: `effort`, `max_tokens`, `exclude`, `enabled`. */
    reasoning: looseObject.optional(),
    /** `{ include: true }` asks for usage accounting (OpenRouter now always sends it). */
    usage: looseObject.optional(),
  })
  .strict();

/**
 * Settings of the OpenRouter provider (`providers.settings.openrouter`).
 * `siteUrl` and `appName` are sent as the `HTTP-Referer` and `X-Title`
 * attribution headers; `defaults` holds routing and reasoning defaults.
 */
export const openRouterSettingsSchema = baseProviderSettingsSchema
  .extend({
    baseURL: httpUrl.optional(),
    /** Your app's URL, sent as `HTTP-Referer` (OpenRouter's app identifier). */
    siteUrl: z
      .url({ message: "must be an absolute http(s) URL" })
      .regex(/^https?:\/\/[\x21-\x7E]+$/i, {
        message:
          "must be an absolute http(s) URL in printable ASCII (it is sent as an HTTP header)",
      })
      .optional(),
    /** Your app's display name, sent as `X-Title`. */
    appName: headerText.optional(),
    defaultEmbeddingModel: z.string().min(1).optional(),
    defaults: openRouterRequestDefaultsSchema.optional(),
  })
  .strict();

/** Settings of the OpenRouter provider, as validated. */
export type OpenRouterSettings = z.output<typeof openRouterSettingsSchema>;

/** Request-field defaults, as validated. */
export type OpenRouterRequestDefaults = z.output<typeof openRouterRequestDefaultsSchema>;

/**
 * Validates settings with the zod schema.
 *
 * @throws {Error} naming every bad field as `providers.settings.openrouter.<field>`.
 */
export function parseOpenRouterSettings(settings: unknown): OpenRouterSettings {
  const parsed = openRouterSettingsSchema.safeParse(settings ?? {});
  if (parsed.success) return parsed.data;
  throw new Error(
    `openrouter: invalid settings:\n${formatValidationError(parsed.error, "providers.settings.openrouter")}`,
  );
}
