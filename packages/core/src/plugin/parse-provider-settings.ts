import type { z } from "zod";
import { ProviderError } from "../errors/provider-error.js";
import { formatValidationError } from "../validation/format-validation-error.js";

/** The error for settings a provider cannot run with: status 500, code `invalid_settings`, not retryable. */
export function invalidSettingsError(provider: string, detail: string): ProviderError {
  return new ProviderError(`${provider}: invalid settings: ${detail}`, {
    status: 500,
    code: "invalid_settings",
    provider,
    retryable: false,
  });
}

/**
 * Validates a plugin factory's `settings` with the provider's zod schema
 * (`undefined` counts as no settings). The orchestrator has checked them
 * against the manifest already; this guards direct use of the factory.
 *
 * @throws {ProviderError} {@link invalidSettingsError}, naming each bad
 *   field as `providers.settings.<provider>.<field>`.
 */
export function parseProviderSettings<S extends z.ZodType>(
  provider: string,
  schema: S,
  settings: unknown,
): z.output<S> {
  const result = schema.safeParse(settings ?? {});
  if (result.success) return result.data;
  throw invalidSettingsError(
    provider,
    formatValidationError(result.error, `providers.settings.${provider}`),
  );
}
