import type { CredentialSpec, SecretsStore } from "@oss-ai-agent-tool/core";

/**
 * A required credential (or group of alternatives) that is not set anywhere;
 * names where to set it, never a value.
 */
export interface MissingCredential {
  /** Secrets-store key(s); several when any one of a `oneOf` group would do. */
  key: string;
  env: string[];
  description: string;
}

async function isSet(
  cred: CredentialSpec,
  secrets: SecretsStore,
  env: Readonly<Record<string, string | undefined>>,
): Promise<boolean> {
  if ([cred.env].flat().some((name) => (env[name] ?? "") !== "")) return true;
  return Boolean(await secrets.get(cred.key).catch(() => undefined));
}

/**
 * The plugin's required credentials that neither the secrets store nor the
 * environment holds. Empty values count as missing, as in core's
 * `requireSecret`. Credentials sharing a `oneOf` group are alternatives: the
 * group is missing only when none of them is set, and is reported once.
 */
export async function findMissingCredentials(
  credentials: readonly CredentialSpec[],
  secrets: SecretsStore,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<MissingCredential[]> {
  const missing: MissingCredential[] = [];
  const groups = new Map<string, CredentialSpec[]>();
  for (const cred of credentials) {
    if (!cred.required) continue;
    if (cred.oneOf !== undefined) {
      groups.set(cred.oneOf, [...(groups.get(cred.oneOf) ?? []), cred]);
      continue;
    }
    if (!(await isSet(cred, secrets, env))) {
      missing.push({ key: cred.key, env: [cred.env].flat(), description: cred.description });
    }
  }
  for (const members of groups.values()) {
    const present = await Promise.all(members.map((m) => isSet(m, secrets, env)));
    if (present.some(Boolean)) continue;
    missing.push({
      key: members.map((m) => m.key).join(" | "),
      env: members.flatMap((m) => [m.env].flat()),
      description: `one of: ${members.map((m) => m.description).join(", ")}`,
    });
  }
  return missing;
}
