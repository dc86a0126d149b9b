import type { Logger, ModelInfo } from "@oss-ai-agent-tool/core";
import type { PluginHost } from "../plugins/index.js";

/** One entry of `GET /v1/models`. */
export interface CatalogModel {
  /** `provider/model`, or an alias name from `routing.aliases`. */
  id: string;
  ownedBy: string;
}

/** Options of {@link ModelCatalog}. */
export interface ModelCatalogOptions {
  host: PluginHost;
  aliases: Readonly<Record<string, readonly string[]>>;
  logger: Logger;
  /** How long a provider's model list is reused. */
  ttlMs?: number;
  /** How long a failed listing waits before it is tried again. */
  failureTtlMs?: number;
  /** Budget for one provider's `listModels`. */
  timeoutMs?: number;
}

interface Cached {
  models: ModelInfo[];
  expires: number;
}

/**
 * The models clients can address: each enabled provider's default models
 * (manifest and settings) plus what its `listModels` returns, as
 * `provider/model`, and the configured aliases. Listings are cached, and a
 * provider whose listing fails still shows its default models.
 */
export class ModelCatalog {
  readonly #options: Required<Omit<ModelCatalogOptions, "host" | "aliases" | "logger">> &
    ModelCatalogOptions;
  readonly #cache = new Map<string, Cached>();
  readonly #pending = new Map<string, Promise<ModelInfo[]>>();

  constructor(options: ModelCatalogOptions) {
    this.#options = { ttlMs: 300_000, failureTtlMs: 30_000, timeoutMs: 5_000, ...options };
  }

  async #listed(id: string): Promise<ModelInfo[]> {
    const cached = this.#cache.get(id);
    if (cached && cached.expires > Date.now()) return cached.models;
    let pending = this.#pending.get(id);
    if (!pending) {
      pending = this.#fetch(id).finally(() => this.#pending.delete(id));
      this.#pending.set(id, pending);
    }
    return pending;
  }

  async #fetch(id: string): Promise<ModelInfo[]> {
    const { host, logger, ttlMs, failureTtlMs, timeoutMs } = this.#options;
    try {
      const provider = await host.provider(id);
      if (!provider.listModels) {
        this.#cache.set(id, { models: [], expires: Number.POSITIVE_INFINITY });
        return [];
      }
      const models = await provider.listModels({
        signal: AbortSignal.timeout(timeoutMs),
        deadline: Date.now() + timeoutMs,
      });
      this.#cache.set(id, { models, expires: Date.now() + ttlMs });
      return models;
    } catch (err) {
      logger.warn({ provider: id, err }, "listing models failed; showing default models only");
      this.#cache.set(id, { models: [], expires: Date.now() + failureTtlMs });
      return [];
    }
  }

  /** Every addressable model, providers in discovery order, then aliases. */
  async list(): Promise<CatalogModel[]> {
    const { host, aliases } = this.#options;
    const ids = host.enabledIds();
    const listed = await Promise.all(ids.map((id) => this.#listed(id)));
    const out: CatalogModel[] = [];
    const seen = new Set<string>();
    const add = (id: string, ownedBy: string) => {
      if (seen.has(id)) return;
      seen.add(id);
      out.push({ id, ownedBy });
    };
    ids.forEach((id, i) => {
      const record = host.get(id);
      const defaults = [record?.settings.defaultModel, record?.manifest?.defaultModel];
      for (const model of defaults) if (typeof model === "string") add(`${id}/${model}`, id);
      for (const model of listed[i] ?? []) add(`${id}/${model.id}`, model.ownedBy ?? id);
    });
    for (const name of Object.keys(aliases)) add(name, "oaat-alias");
    return out;
  }
}
