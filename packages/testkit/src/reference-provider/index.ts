export * from "./create-reference-plugin.js";
export * from "./reference-manifest.js";
export type {
  ReferenceManifestOptions,
  ReferencePluginOptions,
  ReferenceSettings,
} from "./reference-plugin-options.js";
