import { registerSecretValue } from "../errors/redact-secrets.js";
import type { SecretsStore } from "./secrets-store.js";

/** Options of an {@link EnvStore}. */
export interface EnvStoreOptions {
  /**
   * Turns a secret key into an environment variable name, e.g.
   * `provider:openai:apiKey` → `OPENAI_API_KEY`. Without it the key is used
   * as the variable name unchanged.
   */
  mapKey?(key: string): string;
}

/**
 * A {@link SecretsStore} over environment variables. `set` and `delete` change
 * the env object given to the constructor (by default `process.env`, so the
 * change is visible to the whole process and to child processes spawned
 * afterwards), never the parent shell.
 *
 * Empty variables read as missing: shells and `.env` loaders often export
 * `FOO=` for "unset", and an empty API key is never a usable credential.
 */
export class EnvStore implements SecretsStore {
  readonly #env: NodeJS.ProcessEnv;
  readonly #mapKey: (key: string) => string;

  constructor(env: NodeJS.ProcessEnv = process.env, options: EnvStoreOptions = {}) {
    this.#env = env;
    this.#mapKey = options.mapKey ?? ((key) => key);
  }

  /** The variable named by the (mapped) key; `undefined` when unset or empty. */
  async get(key: string): Promise<string | undefined> {
    const value = this.#env[this.#mapKey(key)];
    if (value === undefined || value === "") return undefined;
    registerSecretValue(value);
    return value;
  }

  /** Sets the variable named by the (mapped) key in the env object. */
  async set(key: string, value: string): Promise<void> {
    this.#env[this.#mapKey(key)] = value;
  }

  /** Removes the variable named by the (mapped) key from the env object. */
  async delete(key: string): Promise<void> {
    delete this.#env[this.#mapKey(key)];
  }
}
