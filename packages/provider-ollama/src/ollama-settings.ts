import { baseProviderSettingsSchema, formatValidationError } from "@oss-ai-agent-tool/core";
import { z } from "zod";

/**
 * `providers.settings.ollama`. The manifest's `optionsSchema` repeats it as
 * static JSON Schema, because the orchestrator validates settings without
 * importing the plugin; a test keeps the two in agreement.
 */
export const ollamaSettingsSchema = baseProviderSettingsSchema
  .extend({
    /** Where Ollama listens, e.g. `http://gpu-box:11434`; without `/api`. Only http(s). */
    baseURL: z.url({ protocol: /^https?$/, message: "must be an absolute http(s) URL" }).optional(),
    /**
     * How long Ollama keeps the model loaded after a call: a duration such as
     * `"10m"` or a number of seconds (`-1` keeps it loaded, `0` unloads it).
     */
    keepAlive: z
      .union([z.string().min(1, { message: "must be a non-empty duration" }), z.number().int()])
      .optional(),
    /** Context window in tokens (`options.num_ctx`); Ollama's default is small and truncates silently. */
    numCtx: z.number().int().positive().optional(),
  })
  .strict();

/** Validated settings of the Ollama provider. */
export type OllamaSettings = z.output<typeof ollamaSettingsSchema>;

/**
 * Validates settings with {@link ollamaSettingsSchema}.
 *
 * @throws {Error} naming every bad field, e.g. `providers.settings.ollama.numCtx: ...`.
 */
export function parseOllamaSettings(settings: unknown): OllamaSettings {
  const result = ollamaSettingsSchema.safeParse(settings ?? {});
  if (result.success) return result.data;
  throw new Error(
    `invalid Ollama settings:\n${formatValidationError(result.error, "providers.settings.ollama")}`,
  );
}
