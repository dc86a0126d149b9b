import {
  type PluginManifest,
  registerSecretValue,
  type SecretsStore,
} from "@oss-ai-agent-tool/core";

/**
 * The store plugins read credentials from: the gateway's secrets store
 * first, then the environment variables each manifest declares for that key.
 * Resolving the variables here (rather than in each plugin via
 * `process.env`) lets the gateway run with an explicit environment, and
 * keeps "which variable feeds which key" in one place: the manifests.
 */
export class CredentialEnvStore implements SecretsStore {
  readonly #base: SecretsStore;
  readonly #env: Readonly<Record<string, string | undefined>>;
  readonly #envByKey = new Map<string, string[]>();

  constructor(
    base: SecretsStore,
    manifests: readonly PluginManifest[],
    env: Readonly<Record<string, string | undefined>>,
  ) {
    this.#base = base;
    this.#env = env;
    for (const manifest of manifests) {
      for (const cred of manifest.credentials) this.#envByKey.set(cred.key, [cred.env].flat());
    }
  }

  /** The stored value, else the first non-empty declared environment variable. */
  async get(key: string): Promise<string | undefined> {
    const stored = await this.#base.get(key);
    if (stored) return stored;
    for (const name of this.#envByKey.get(key) ?? []) {
      const value = this.#env[name];
      if (value) {
        registerSecretValue(value);
        return value;
      }
    }
    return undefined;
  }

  /** Writes to the underlying store. */
  set(key: string, value: string): Promise<void> {
    return this.#base.set(key, value);
  }

  /** Deletes from the underlying store; an environment value stays visible. */
  delete(key: string): Promise<void> {
    return this.#base.delete(key);
  }

  async close(): Promise<void> {
    await this.#base.close?.();
  }
}
