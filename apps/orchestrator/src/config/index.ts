export { applyEnvOverrides, type ConfigOverrides, parsePort } from "./apply-env-overrides.js";
export { ConfigError } from "./config-error.js";
export {
  type GatewayConfig,
  type GatewayConfigInput,
  gatewayConfigSchema,
  ROUTING_MODES,
  type RoutingMode,
} from "./config-schema.js";
export { DEFAULT_CONFIG_FILES, findConfigFile } from "./find-config-file.js";
export {
  type LoadConfigOptions,
  type LoadedConfig,
  loadConfig,
  resolveConfig,
} from "./load-config.js";
export { parseConfigText } from "./parse-config-text.js";
