import { ProviderError, registerSecretValue, type SecretsStore } from "@oss-ai-agent-tool/core";
import { BEDROCK_CREDENTIALS } from "./bedrock-capabilities.js";
import { BEDROCK_PROVIDER_ID } from "./bedrock-settings.js";

/** Static AWS keys, as SigV4 signs with them. */
export interface BedrockKeys {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/**
 * Where the SDK client gets its credentials: configured keys, or the AWS
 * SDK's default credential chain (shared profile, SSO, web identity,
 * container or instance role) when no access key is configured anywhere.
 */
export type BedrockCredentialSource =
  | { kind: "keys"; keys: BedrockKeys; from: "secrets" | "env" }
  | { kind: "default-chain" };

function missing(message: string): ProviderError {
  return new ProviderError(`${BEDROCK_PROVIDER_ID}: ${message}`, {
    status: 500,
    code: "missing_credentials",
    provider: BEDROCK_PROVIDER_ID,
    retryable: false,
  });
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}

/**
 * Reads the configured AWS keys. The three values come from one place: the
 * secrets store when it holds an access key id, else the environment
 * (`AWS_ACCESS_KEY_ID`, ...), so that a key pair is never mixed with a
 * session token from somewhere else. With no access key id anywhere, the
 * SDK's default credential chain is used. Every value found is registered for
 * redaction. Cheap (store lookups only), so it runs before every call and a
 * rotated key is used from the next call on.
 *
 * @throws {ProviderError} 500 `missing_credentials` when an access key id has no secret next to it.
 */
export async function readBedrockCredentials(
  store: SecretsStore,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<BedrockCredentialSource> {
  const { accessKeyId: id, secretAccessKey: secret, sessionToken: token } = BEDROCK_CREDENTIALS;
  const fromStore = nonEmpty(await store.get(id.key));
  const from = fromStore !== undefined ? "secrets" : "env";
  const accessKeyId = fromStore ?? nonEmpty(env[id.env]);
  if (accessKeyId === undefined) return { kind: "default-chain" };

  const read = async (spec: { key: string; env: string }) =>
    nonEmpty(from === "secrets" ? await store.get(spec.key) : env[spec.env]);
  const secretAccessKey = await read(secret);
  if (secretAccessKey === undefined) {
    throw missing(
      from === "secrets"
        ? `AWS secret access key is not configured: secret "${id.key}" is set, so set secret "${secret.key}" too`
        : `AWS secret access key is not configured: ${id.env} is set, so set ${secret.env} too`,
    );
  }
  const sessionToken = await read(token);
  for (const value of [accessKeyId, secretAccessKey, sessionToken]) registerSecretValue(value);
  return {
    kind: "keys",
    from,
    keys: { accessKeyId, secretAccessKey, ...(sessionToken !== undefined ? { sessionToken } : {}) },
  };
}

/**
 * The error for a default credential chain that found nothing: it names the
 * keys and variables to set, and the chain's own reason.
 */
export function noCredentialsError(cause: unknown): ProviderError {
  const { accessKeyId: id, secretAccessKey: secret } = BEDROCK_CREDENTIALS;
  const reason = cause instanceof Error && cause.message ? ` (${cause.message})` : "";
  return new ProviderError(
    `${BEDROCK_PROVIDER_ID}: no AWS credentials: set secrets "${id.key}" and "${secret.key}", or the environment variables ${id.env} and ${secret.env}, or configure the AWS default credential chain (profile, SSO, web identity, container or instance role)${reason}`,
    {
      status: 500,
      code: "missing_credentials",
      provider: BEDROCK_PROVIDER_ID,
      retryable: false,
      cause,
    },
  );
}
