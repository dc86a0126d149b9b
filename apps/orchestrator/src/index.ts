/**
 * `@oss-ai-agent-tool/orchestrator`: the gateway server and the `oaat` CLI.
 * Providers are plugins found at runtime by their `"oaat"` manifests; this
 * package names none of them.
 */

export type {
  ApiKeyEntry,
  AuthenticatedKey,
  RateLimitDecision,
  RateLimitStore,
} from "./auth/index.js";
export { hashApiKey } from "./auth/index.js";
export type { CliIO } from "./cli/cli-io.js";
export { EXIT_CODES, type ExitCode } from "./cli/exit-codes.js";
export { runCli } from "./cli/run-cli.js";
export {
  ConfigError,
  type GatewayConfig,
  type GatewayConfigInput,
  gatewayConfigSchema,
  type LoadConfigOptions,
  type LoadedConfig,
  loadConfig,
  resolveConfig,
} from "./config/index.js";
export {
  type DiscoveredPlugin,
  type DiscoveryResult,
  discoverPlugins,
  type RejectedPlugin,
} from "./discovery/index.js";
export { createGateway, type Gateway, type GatewayOptions } from "./gateway/create-gateway.js";
export { buildServer, type GatewayServer } from "./http/build-server.js";
export type { PluginRecord, PluginStatus } from "./plugins/index.js";
export { type RunningServer, startServer } from "./server/start-server.js";
