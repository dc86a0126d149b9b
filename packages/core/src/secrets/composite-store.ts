import type { SecretsStore } from "./secrets-store.js";

/** Options of a {@link CompositeStore}. */
export interface CompositeStoreOptions {
  /** Index in `stores` of the store that `set` writes to. Defaults to 0. */
  writeTo?: number;
}

/**
 * Layers several stores: reads take the first store that holds the key, so
 * earlier stores override later ones (e.g. the secrets file over the
 * environment); writes go to one chosen store; deletes go to all, so a deleted
 * key cannot reappear from a lower layer.
 */
export class CompositeStore implements SecretsStore {
  readonly #stores: readonly SecretsStore[];
  readonly #writeTarget: SecretsStore;

  constructor(stores: readonly SecretsStore[], options: CompositeStoreOptions = {}) {
    const writeTo = options.writeTo ?? 0;
    const target = stores[writeTo];
    if (!Number.isInteger(writeTo) || target === undefined) {
      throw new RangeError(
        `CompositeStore: writeTo ${writeTo} is not an index of the ${stores.length} stores given`,
      );
    }
    this.#stores = [...stores];
    this.#writeTarget = target;
  }

  /** The value from the first store that holds `key`. */
  async get(key: string): Promise<string | undefined> {
    for (const store of this.#stores) {
      const value = await store.get(key);
      if (value !== undefined) return value;
    }
    return undefined;
  }

  /** Writes to the `writeTo` store only. */
  async set(key: string, value: string): Promise<void> {
    await this.#writeTarget.set(key, value);
  }

  /** Deletes from every store; tries all of them, then throws the first failure. */
  async delete(key: string): Promise<void> {
    await settleAll(this.#stores.map((store) => store.delete(key)));
  }

  /** Closes every store that can be closed; tries all, then throws the first failure. */
  async close(): Promise<void> {
    await settleAll(this.#stores.map((store) => store.close?.()));
  }
}

async function settleAll(work: readonly (Promise<unknown> | undefined)[]): Promise<void> {
  const results = await Promise.allSettled(work);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
}
