import type { z } from "zod";
import { ProviderError } from "../errors/provider-error.js";
import { formatValidationError } from "../validation/format-validation-error.js";

/** How {@link readProviderOptions} spells the keys it matches against the schema. */
export interface ReadProviderOptionsConfig {
  /**
   * The spelling of the schema's keys; incoming keys are converted to it
   * before matching. `camel` (the default) turns `safe_prompt` into
   * `safePrompt`; `snake` turns `topK` into `top_k`.
   */
  keyCase?: "camel" | "snake";
  /** Also convert the keys one level down (`thinking_config.thinking_budget`). */
  nestedKeys?: boolean;
}

function camelCase(key: string): string {
  return key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

function snakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function convertKeys(value: unknown, convert: (key: string) => string): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [convert(k), v]));
}

/**
 * Reads `req.providerOptions[providerId]` for the keys `schema` knows,
 * accepting both snake_case and camelCase spellings (converted to
 * `config.keyCase`). Unknown keys and `undefined` values are ignored, as other
 * providers' options are. Pure.
 *
 * @param providerId - the provider's id, used in the message and as the error's provider.
 * @param schema - a (usually `.partial()`) object schema of the allowed keys.
 * @param raw - the provider's entry of `providerOptions`, if any.
 * @throws {ProviderError} 400 `invalid_provider_options` naming the bad field
 *   (`providerOptions.<providerId>.<field>`).
 */
export function readProviderOptions<T extends z.ZodObject>(
  providerId: string,
  schema: T,
  raw: { [key: string]: unknown } | undefined,
  config: ReadProviderOptionsConfig = {},
): z.output<T> {
  const convert = config.keyCase === "snake" ? snakeCase : camelCase;
  const known = new Set(Object.keys(schema.shape));
  const picked: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw ?? {})) {
    const name = convert(key);
    if (known.has(name) && value !== undefined) {
      picked[name] = config.nestedKeys ? convertKeys(value, convert) : value;
    }
  }
  const result = schema.safeParse(picked);
  if (result.success) return result.data;
  throw new ProviderError(
    `${providerId}: invalid provider options: ${formatValidationError(result.error, `providerOptions.${providerId}`)}`,
    {
      status: 400,
      code: "invalid_provider_options",
      provider: providerId,
      retryable: false,
    },
  );
}
