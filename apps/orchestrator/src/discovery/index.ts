export {
  type DiscoveredPlugin,
  type DiscoverOptions,
  type DiscoveryResult,
  discoverPlugins,
  type PluginSource,
  type RejectedPlugin,
} from "./discover-plugins.js";
export { listPackages } from "./list-packages.js";
export { nodeModulesDirs } from "./node-modules-dirs.js";
