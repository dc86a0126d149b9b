/**
 * Where providers read credentials from. Keys are namespaced strings such as
 * `provider:openai:apiKey`, so one store can serve every provider and the
 * orchestrator's own secrets without collisions.
 *
 * Implementations should pass every value they hand out to
 * `registerSecretValue`, so that redaction knows it even if an upstream echoes
 * it back in an error body.
 */
export interface SecretsStore {
  /** The value of `key`, or `undefined` when the store does not hold it. */
  get(key: string): Promise<string | undefined>;
  /** Stores `value` under `key`, replacing any previous value. */
  set(key: string, value: string): Promise<void>;
  /** Removes `key`. Removing a key that is not there is not an error. */
  delete(key: string): Promise<void>;
  /** Waits for pending writes and releases resources (file handles, cached keys). */
  close?(): Promise<void>;
}
