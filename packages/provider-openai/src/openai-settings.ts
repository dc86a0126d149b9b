import { baseProviderSettingsSchema, formatValidationError } from "@oss-ai-agent-tool/core";
import { z } from "zod";

/** What to do with request parameters a reasoning model rejects (temperature, top_p, penalties, ...). */
export type UnsupportedParametersMode = "drop" | "reject";

/**
 * Settings of the OpenAI provider (`providers.settings.openai`): core's base
 * settings plus OpenAI's own. The package.json manifest carries the same
 * schema as JSON Schema; a test keeps the two in step.
 */
export const openAISettingsSchema = baseProviderSettingsSchema
  .extend({
    // Narrower than core's: the manifest's JSON Schema only admits http(s), and the two must agree.
    baseURL: z.url({ protocol: /^https?$/, message: "must be an absolute http(s) URL" }).optional(),
    /** Embedding model used when an embeddings request names none. */
    defaultEmbeddingModel: z.string().min(1).optional(),
    /** Sent as `OpenAI-Organization`; else the `provider:openai:organization` credential (OPENAI_ORG_ID). */
    organization: z.string().min(1).optional(),
    /** Sent as `OpenAI-Project`; else the `provider:openai:project` credential (OPENAI_PROJECT_ID). */
    project: z.string().min(1).optional(),
    /**
     * `reject` (default): fail a request with parameters a reasoning model
     * rejects with a 400 before it is sent. `drop`: leave them out, with a
     * warning in the log.
     */
    unsupportedParameters: z.enum(["drop", "reject"]).optional(),
  })
  .strict();

/** Validated settings of the OpenAI provider. */
export type OpenAISettings = z.output<typeof openAISettingsSchema>;

/**
 * Validates settings with {@link openAISettingsSchema}.
 *
 * @throws {Error} naming each bad field, e.g.
 *   `providers.settings.openai.timeoutMs: Too small: expected number to be >0`.
 */
export function parseOpenAISettings(settings: unknown, id = "openai"): OpenAISettings {
  const result = openAISettingsSchema.safeParse(settings ?? {});
  if (result.success) return result.data;
  throw new Error(
    `invalid settings for provider "${id}":\n${formatValidationError(result.error, `providers.settings.${id}`)}`,
  );
}
