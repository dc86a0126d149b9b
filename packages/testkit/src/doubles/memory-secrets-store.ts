import type { SecretsStore } from "@oss-ai-agent-tool/core";

/** A {@link SecretsStore} held in memory, for tests that rotate credentials. */
export class MemorySecretsStore implements SecretsStore {
  readonly #values = new Map<string, string>();

  constructor(initial: Record<string, string> = {}) {
    for (const [key, value] of Object.entries(initial)) this.#values.set(key, value);
  }

  async get(key: string): Promise<string | undefined> {
    return this.#values.get(key);
  }

  async set(key: string, value: string): Promise<void> {
    this.#values.set(key, value);
  }

  async delete(key: string): Promise<void> {
    this.#values.delete(key);
  }
}
