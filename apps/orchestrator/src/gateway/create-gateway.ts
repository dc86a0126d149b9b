import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  createEgressPolicy,
  createProviderMetrics,
  type EgressFetchOptions,
  type ProviderMetrics,
  type SecretsStore,
} from "@oss-ai-agent-tool/core";
import type { Logger as PinoLogger } from "pino";
import { collectDefaultMetrics, Registry } from "prom-client";
import {
  type ApiKeyAuthenticator,
  createApiKeyAuthenticator,
  MemoryRateLimitStore,
  type RateLimitStore,
} from "../auth/index.js";
import type { GatewayConfig } from "../config/index.js";
import { type DiscoveryResult, discoverPlugins } from "../discovery/index.js";
import { ProviderHealthRegistry } from "../health/provider-health-registry.js";
import { createLogger } from "../logging/create-logger.js";
import { checkPluginConfig, PluginHost } from "../plugins/index.js";
import type { RoutingTable } from "../routing/route-target.js";
import { Router } from "../routing/router.js";
import { createSecretsStore } from "./create-secrets-store.js";
import { CredentialEnvStore } from "./credential-env-store.js";

/** Everything {@link createGateway} needs. */
export interface GatewayOptions {
  config: GatewayConfig;
  /** Relative paths in the config resolve from here (the config file's directory). */
  baseDir: string;
  /** The config file, for error messages. */
  source?: string;
  env?: Readonly<Record<string, string | undefined>>;
  logger?: PinoLogger;
  /**
   * Directories whose `node_modules` chains are scanned for installed
   * plugins. Defaults to the orchestrator's own installation, or none when
   * `discovery.installed` is false.
   */
  installRoots?: readonly string[];
  secrets?: SecretsStore;
  /** Passed to each provider's egress fetch (tests inject a DNS lookup). */
  fetchOptions?: EgressFetchOptions;
  rateLimits?: RateLimitStore;
}

/** The gateway's long-lived parts, built once at start-up and shared by every request. */
export interface Gateway {
  readonly config: GatewayConfig;
  readonly logger: PinoLogger;
  readonly registry: Registry;
  readonly metrics: ProviderMetrics;
  readonly discovery: DiscoveryResult;
  readonly host: PluginHost;
  readonly health: ProviderHealthRegistry;
  readonly router: Router;
  readonly routing: RoutingTable;
  readonly auth: ApiKeyAuthenticator;
  readonly rateLimits: RateLimitStore;
  readonly secrets: SecretsStore;
  /** Closes providers, sockets and the secrets store. */
  close(): Promise<void>;
}

/** The directory the orchestrator is installed in; installed plugins are found from here. */
export function orchestratorInstallDir(): string {
  return path.dirname(fileURLToPath(import.meta.url));
}

/**
 * Discovers plugins, checks the config against them, and builds the shared
 * parts. Imports no plugin code: providers load on first use.
 *
 * @throws {ConfigError} when the config names unknown providers or a
 *   plugin's settings do not match its schema.
 */
export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  const { config, baseDir } = options;
  const env = options.env ?? process.env;
  const logger = options.logger ?? createLogger({ level: config.logging.level });
  const registry = new Registry();
  if (config.metrics.processMetrics) collectDefaultMetrics({ register: registry });
  const metrics = createProviderMetrics({ registry, tenantLabel: config.metrics.tenantLabel });

  const discovery = await discoverPlugins({
    installRoots:
      options.installRoots ?? (config.discovery.installed ? [orchestratorInstallDir()] : []),
    configured: config.plugins,
    baseDir,
  });
  const { settings, incomplete } = checkPluginConfig(config, discovery, {
    env,
    logger,
    ...(options.source ? { source: options.source } : {}),
  });
  const secrets = new CredentialEnvStore(
    options.secrets ?? (await createSecretsStore(config, baseDir, env, options.source)),
    discovery.plugins.map((p) => p.manifest),
    env,
  );
  // The entries were validated with the config (duplicates included), so this does not throw.
  const auth = createApiKeyAuthenticator(config.auth.apiKeys, {
    secrets,
    onMissingSecret: (key) =>
      logger.warn({ secret: key }, "auth.apiKeys: secret is not set; that key cannot match"),
    onSecretError: (key, error) =>
      logger.error({ secret: key, err: error }, "auth.apiKeys: reading the secret failed"),
  });
  const egress = createEgressPolicy(config.network.egress, { metrics, logger });
  const host = await PluginHost.create({
    discovery,
    config,
    settings,
    incompleteSettings: incomplete,
    secrets,
    metrics,
    logger,
    egress,
    env,
    ...(options.fetchOptions ? { fetchOptions: options.fetchOptions } : {}),
  });
  const health = new ProviderHealthRegistry({
    metrics,
    failureThreshold: config.routing.circuitBreaker.failureThreshold,
    cooldownMs: config.routing.circuitBreaker.cooldownMs,
  });
  const router = new Router({ host, health, logger });

  const aliases: Record<string, string[]> = {};
  for (const [name, targets] of Object.entries(config.routing.aliases))
    aliases[name] = [targets].flat();
  const priority = config.providers.routingPriority;
  const routing: RoutingTable = {
    resolveProvider: (name) => host.resolveName(name),
    aliases,
    priority,
    defaultProvider: () => {
      const enabled = host.enabledIds();
      const configured = config.providers.defaultProvider;
      if (configured !== undefined) return host.resolveName(configured);
      const preferred = (priority[config.providers.defaultRoute] ?? [])
        .map((n) => host.resolveName(n))
        .find((id) => id !== undefined && enabled.includes(id));
      return preferred ?? enabled[0];
    },
  };

  let closed = false;
  return {
    config,
    logger,
    registry,
    metrics,
    discovery,
    host,
    health,
    router,
    routing,
    auth,
    rateLimits: options.rateLimits ?? new MemoryRateLimitStore(),
    secrets,
    async close() {
      if (closed) return;
      closed = true;
      await host.close();
      await secrets.close?.();
    },
  };
}
