import { ProviderError } from "../errors/provider-error.js";
import { registerSecretValue } from "../errors/redact-secrets.js";
import type { SecretsStore } from "./secrets-store.js";

/** What {@link requireSecret} looks for. */
export interface SecretRequirement {
  /** The store key, e.g. `provider:openai:apiKey`. */
  key: string;
  /**
   * Environment variable(s) to fall back to, e.g. `OPENAI_API_KEY`. With a
   * list, the first non-empty variable wins.
   */
  env?: string | readonly string[];
  /** What the secret is, for the error message, e.g. `API key`. Defaults to `credential`. */
  description?: string;
}

/**
 * Returns a credential a provider cannot work without: from `store` first,
 * then from `process.env`. Empty values count as missing. The value found is
 * registered for redaction.
 *
 * @throws {ProviderError} status 500, code `missing_credentials`, not
 *   retryable, naming both the secret key and the environment variable(s), so
 *   the operator sees every way to fix it.
 */
export async function requireSecret(
  store: SecretsStore,
  provider: string,
  requirement: SecretRequirement,
): Promise<string> {
  const envNames = requirement.env === undefined ? [] : [requirement.env].flat();
  let value = await store.get(requirement.key);
  for (const name of envNames) {
    if (value) break;
    value = process.env[name];
  }
  if (value) {
    registerSecretValue(value);
    return value;
  }
  throw new ProviderError(missingMessage(provider, requirement, envNames), {
    status: 500,
    code: "missing_credentials",
    provider,
    retryable: false,
  });
}

function missingMessage(
  provider: string,
  requirement: SecretRequirement,
  envNames: readonly string[],
): string {
  const what = requirement.description ?? "credential";
  let fix = `set secret "${requirement.key}"`;
  if (envNames.length === 1) fix += ` or environment variable ${envNames[0]}`;
  else if (envNames.length > 1)
    fix += ` or one of the environment variables ${envNames.join(", ")}`;
  return `${provider}: ${what} is not configured: ${fix}`;
}
