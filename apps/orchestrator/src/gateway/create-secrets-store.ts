import { access } from "node:fs/promises";
import path from "node:path";
import {
  defaultSecretsPath,
  EnvStore,
  LocalFileStore,
  type SecretsStore,
} from "@oss-ai-agent-tool/core";
import { ConfigError, type GatewayConfig } from "../config/index.js";

/**
 * The gateway's secrets store: the configured secrets file, else the default
 * `~/.oss-ai-agent-tool/secrets.json` when it exists, else the environment
 * alone (providers fall back to their environment variables in every case).
 */
export async function createSecretsStore(
  config: GatewayConfig,
  baseDir: string,
  env: Readonly<Record<string, string | undefined>>,
  source?: string,
): Promise<SecretsStore> {
  const { file, passphraseEnv } = config.secrets;
  const passphrase = passphraseEnv ? env[passphraseEnv] : undefined;
  if (passphraseEnv && !passphrase) {
    throw new ConfigError(
      [`secrets.passphraseEnv: environment variable ${passphraseEnv} is not set`],
      source,
    );
  }
  if (file !== undefined) {
    return new LocalFileStore({
      path: path.resolve(baseDir, file),
      ...(passphrase ? { passphrase } : {}),
    });
  }
  const fallback = defaultSecretsPath();
  const exists = await access(fallback).then(
    () => true,
    () => false,
  );
  if (exists) return new LocalFileStore({ path: fallback, ...(passphrase ? { passphrase } : {}) });
  return new EnvStore();
}
