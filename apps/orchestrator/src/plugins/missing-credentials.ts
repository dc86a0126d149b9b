import type { CredentialSpec, SecretsStore } from "@oss-ai-agent-tool/core";

/** A required credential that is not set anywhere; names where to set it, never a value. */
export interface MissingCredential {
  key: string;
  env: string[];
  description: string;
}

/**
 * The plugin's required credentials that neither the secrets store nor the
 * environment holds. Empty values count as missing, as in core's `requireSecret`.
 */
export async function findMissingCredentials(
  credentials: readonly CredentialSpec[],
  secrets: SecretsStore,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<MissingCredential[]> {
  const missing: MissingCredential[] = [];
  for (const cred of credentials) {
    if (!cred.required) continue;
    const envNames = [cred.env].flat();
    if (envNames.some((name) => (env[name] ?? "") !== "")) continue;
    const stored = await secrets.get(cred.key).catch(() => undefined);
    if (stored) continue;
    missing.push({ key: cred.key, env: envNames, description: cred.description });
  }
  return missing;
}
