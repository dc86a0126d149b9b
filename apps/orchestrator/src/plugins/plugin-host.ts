import {
  createEgressFetch,
  type EgressFetch,
  type EgressFetchOptions,
  type EgressPolicy,
  type Logger,
  type ModelProvider,
  type ProviderMetrics,
  type SecretsStore,
} from "@oss-ai-agent-tool/core";
import type { GatewayConfig } from "../config/index.js";
import type { DiscoveryResult } from "../discovery/index.js";
import { gatewayError } from "../errors/gateway-error.js";
import { loadPluginModule } from "./load-plugin-module.js";
import { findMissingCredentials } from "./missing-credentials.js";
import type { PluginRecord } from "./plugin-record.js";

/** What the host needs; everything is created once by the server. */
export interface PluginHostOptions {
  discovery: DiscoveryResult;
  config: GatewayConfig;
  /** Settings already validated per plugin id (see `validateGatewayPlugins`). */
  settings: ReadonlyMap<string, Record<string, unknown>>;
  /** Settings problems of plugins the config never mentions; they stay unconfigured. */
  incompleteSettings?: ReadonlyMap<string, readonly string[]>;
  secrets: SecretsStore;
  metrics: ProviderMetrics;
  logger: Logger;
  egress: EgressPolicy;
  /** Passed to each plugin's egress fetch (tests inject a DNS lookup). */
  fetchOptions?: EgressFetchOptions;
  env?: Readonly<Record<string, string | undefined>>;
}

interface Loaded {
  provider: ModelProvider;
  fetch: EgressFetch;
}

function unconfiguredReason(record: PluginRecord): string {
  return [
    ...record.missing.map(
      (m) => `missing ${m.description}: set ${m.env.join(" or ")} (or secret "${m.key}")`,
    ),
    ...record.settingsIssues.map((issue) => `needs settings: ${issue}`),
  ].join("; ");
}

/**
 * Owns the discovered plugins: their status, and their provider instances,
 * which are imported and created on first use only. A plugin that fails to
 * import or construct becomes `broken` with the reason; nothing else is
 * affected.
 */
export class PluginHost {
  readonly #records = new Map<string, PluginRecord>();
  readonly #names = new Map<string, string>();
  readonly #loading = new Map<string, Promise<Loaded>>();
  readonly #options: PluginHostOptions;

  private constructor(options: PluginHostOptions) {
    this.#options = options;
  }

  /** Builds the records and decides each plugin's status; imports nothing. */
  static async create(options: PluginHostOptions): Promise<PluginHost> {
    const host = new PluginHost(options);
    await host.#init();
    return host;
  }

  async #init(): Promise<void> {
    const { discovery, config, secrets, logger } = this.#options;
    const env = this.#options.env ?? process.env;
    for (const rejected of discovery.rejected) {
      const id = rejected.id ?? rejected.packageName ?? rejected.packageDir;
      if (this.#records.has(id)) continue;
      this.#records.set(id, {
        id,
        packageName: rejected.packageName,
        version: undefined,
        source: rejected.source,
        packageDir: rejected.packageDir,
        manifest: undefined,
        entryPath: undefined,
        status: "broken",
        reason: rejected.reason,
        missing: [],
        settingsIssues: [],
        settings: {},
      });
      logger.warn({ plugin: id, reason: rejected.reason }, "provider plugin is broken");
    }
    const enabled = config.providers.enabled;
    for (const plugin of discovery.plugins) {
      const { manifest } = plugin;
      for (const name of [manifest.id, ...manifest.aliases]) this.#names.set(name, manifest.id);
      const missing = await findMissingCredentials(manifest.credentials, secrets, env);
      const settingsIssues = this.#options.incompleteSettings?.get(manifest.id) ?? [];
      const listed =
        enabled === undefined ||
        enabled.some((name) => name === manifest.id || manifest.aliases.includes(name));
      const record: PluginRecord = {
        id: manifest.id,
        packageName: plugin.packageName,
        version: plugin.packageVersion,
        source: plugin.source,
        packageDir: plugin.packageDir,
        manifest,
        entryPath: plugin.entryPath,
        status: !listed
          ? "disabled"
          : missing.length > 0 || settingsIssues.length > 0
            ? "unconfigured"
            : "enabled",
        reason: undefined,
        missing,
        settingsIssues,
        settings: this.#options.settings.get(manifest.id) ?? {},
      };
      if (record.status === "disabled") record.reason = "not listed in providers.enabled";
      if (record.status === "unconfigured") {
        record.reason = unconfiguredReason(record);
      }
      this.#records.set(manifest.id, record);
    }
    const summary = [...this.#records.values()].map((r) => ({
      id: r.id,
      status: r.status,
      ...(r.reason ? { reason: r.reason } : {}),
    }));
    logger.info(
      { enabled: this.enabledIds(), plugins: summary },
      `providers enabled: ${this.enabledIds().join(", ") || "none"}`,
    );
  }

  /** Every record, usable or not, in discovery order. */
  records(): PluginRecord[] {
    return [...this.#records.values()];
  }

  /** The canonical id for a provider id or alias of a discovered, valid plugin. */
  resolveName(name: string): string | undefined {
    return this.#names.get(name);
  }

  /** The record for an id or alias. */
  get(name: string): PluginRecord | undefined {
    const id = this.#names.get(name) ?? name;
    return this.#records.get(id);
  }

  /** Ids of routable plugins. */
  enabledIds(): string[] {
    return this.records()
      .filter((r) => r.status === "enabled")
      .map((r) => r.id);
  }

  /** A provider instance if it has been created already. */
  isLoaded(id: string): boolean {
    return this.#loading.has(id);
  }

  /**
   * The provider instance for `id`, importing and creating it on first use.
   * A plugin that was unconfigured is checked again, so a credential added
   * to the secrets store after start-up takes effect.
   *
   * @throws {ProviderError} 404 for an unknown id, 503 for a provider that is
   *   disabled, unconfigured or broken; the message says why.
   */
  async provider(name: string): Promise<ModelProvider> {
    const record = this.get(name);
    if (record === undefined) {
      throw gatewayError(404, "provider_not_found", `unknown provider "${name}"`, {
        provider: name,
      });
    }
    // Missing settings need a config change and a restart; missing credentials can appear at runtime.
    if (record.status === "unconfigured" && record.manifest && record.settingsIssues.length === 0) {
      record.missing = await findMissingCredentials(
        record.manifest.credentials,
        this.#options.secrets,
        this.#options.env ?? process.env,
      );
      if (record.missing.length === 0) {
        record.status = "enabled";
        record.reason = undefined;
        this.#options.logger.info({ provider: record.id }, "provider credentials found; enabled");
      } else {
        record.reason = unconfiguredReason(record);
      }
    }
    if (record.status !== "enabled") {
      throw gatewayError(
        503,
        `provider_${record.status}`,
        `provider "${record.id}" is ${record.status}: ${record.reason ?? ""}`,
        { provider: record.id },
      );
    }
    let loading = this.#loading.get(record.id);
    if (loading === undefined) {
      loading = this.#load(record);
      this.#loading.set(record.id, loading);
    }
    return (await loading).provider;
  }

  async #load(record: PluginRecord): Promise<Loaded> {
    const { logger, metrics, secrets, egress, fetchOptions } = this.#options;
    const manifest = record.manifest;
    const entryPath = record.entryPath;
    /* v8 ignore next 3 -- records without a manifest are broken and never reach here */
    if (manifest === undefined || entryPath === undefined) {
      throw new Error(`plugin ${record.id} has no manifest`);
    }
    const started = performance.now();
    let fetch: EgressFetch | undefined;
    let provider: ModelProvider | undefined;
    try {
      const plugin = await loadPluginModule(entryPath);
      fetch = createEgressFetch(egress.extend(manifest.egressHosts), manifest.id, fetchOptions);
      provider = await plugin.create({
        secrets,
        settings: record.settings,
        fetch,
        metrics,
        logger: logger.child?.({ provider: manifest.id }) ?? logger,
        manifest,
      });
      if (provider.id !== manifest.id) {
        throw new Error(
          `the provider's id "${provider.id}" differs from its manifest id "${manifest.id}"`,
        );
      }
      logger.info(
        {
          provider: manifest.id,
          version: record.version,
          ms: Math.round(performance.now() - started),
        },
        "provider plugin loaded",
      );
      return { provider, fetch };
    } catch (err) {
      // A provider created but rejected (wrong id) may already hold clients and sockets.
      await provider?.close?.().catch(() => undefined);
      await fetch?.close().catch(() => undefined);
      const reason = err instanceof Error ? err.message : String(err);
      record.status = "broken";
      record.reason = reason;
      this.#loading.delete(record.id);
      logger.error({ provider: manifest.id, reason }, "provider plugin failed to load");
      throw gatewayError(503, "provider_broken", `provider "${manifest.id}" is broken: ${reason}`, {
        provider: manifest.id,
      });
    }
  }

  /** Closes every created provider and its sockets. Safe to call twice. */
  async close(): Promise<void> {
    const loads = [...this.#loading.values()];
    this.#loading.clear();
    await Promise.all(
      loads.map(async (p) => {
        const loaded = await p.catch(() => undefined);
        if (!loaded) return;
        await loaded.provider.close?.().catch(() => undefined);
        await loaded.fetch.close().catch(() => undefined);
      }),
    );
  }
}
