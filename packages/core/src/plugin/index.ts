export * from "./base-settings.js";
export * from "./define-provider.js";
export * from "./manifest-schema.js";
export * from "./parse-provider-settings.js";
export * from "./plugin-api-version.js";
export * from "./read-manifest.js";
export * from "./read-provider-options.js";
