export { checkPluginConfig, type PluginConfigCheck } from "./check-plugin-config.js";
export { loadPluginModule, PluginLoadError } from "./load-plugin-module.js";
export { findMissingCredentials, type MissingCredential } from "./missing-credentials.js";
export { PluginHost, type PluginHostOptions } from "./plugin-host.js";
export type { PluginRecord, PluginStatus } from "./plugin-record.js";
export { validatePluginSettings } from "./validate-plugin-settings.js";
