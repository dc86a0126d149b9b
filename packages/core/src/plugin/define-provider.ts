import type { Logger } from "../logger.js";
import type { ProviderMetrics } from "../metrics/metrics-types.js";
import type { SecretsStore } from "../secrets/secrets-store.js";
import type { ModelProvider } from "../types/model-provider.js";
import type { PluginManifest } from "./manifest-schema.js";
import { PLUGIN_API_VERSION } from "./plugin-api-version.js";

/** A `fetch` with the global signature; core's egress fetch is one. */
export type FetchFunction = typeof globalThis.fetch;

/** What the orchestrator gives a plugin's factory. */
export interface ProviderFactoryContext<TSettings> {
  /** Where credentials come from; read them per call so rotation works. */
  secrets: SecretsStore;
  /** `providers.settings.<id>`, already validated against the manifest's schema. */
  settings: TSettings;
  /** Egress-enforcing fetch to inject into the official SDK. */
  fetch: FetchFunction;
  metrics: ProviderMetrics;
  logger: Logger;
  /** The plugin's own manifest, as the orchestrator read it. */
  manifest: PluginManifest;
}

/** Builds one provider instance. */
export type ProviderFactory<TSettings> = (
  context: ProviderFactoryContext<TSettings>,
) => ModelProvider | Promise<ModelProvider>;

const PLUGIN_BRAND: unique symbol = Symbol.for("oss-ai-agent-tool.provider-plugin");

/** What a plugin's entry module default-exports. */
export interface ProviderPlugin<TSettings = unknown> {
  readonly [PLUGIN_BRAND]: true;
  /** The plugin API version the plugin was compiled against. */
  readonly pluginApiVersion: string;
  readonly create: ProviderFactory<TSettings>;
}

/**
 * Types a plugin's entry module. The default export of the module named by
 * the manifest's `entry` must be the result of this call.
 *
 * @example
 * export default defineProvider<MySettings>(({ secrets, settings, fetch, metrics, logger }) =>
 *   new MyProvider({ secrets, settings, fetch, metrics, logger }));
 */
export function defineProvider<TSettings>(
  factory: ProviderFactory<TSettings>,
): ProviderPlugin<TSettings> {
  return Object.freeze({
    [PLUGIN_BRAND]: true as const,
    pluginApiVersion: PLUGIN_API_VERSION,
    create: factory,
  });
}

/** Whether a module's default export came from {@link defineProvider} (any copy of core). */
export function isProviderPlugin(value: unknown): value is ProviderPlugin<unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<PropertyKey, unknown>)[PLUGIN_BRAND] === true &&
    typeof (value as { create?: unknown }).create === "function"
  );
}
