export * from "./empty-response.js";
export * from "./is-abort-error.js";
export * from "./normalize-provider-error.js";
export * from "./parse-retry-after.js";
export * from "./provider-error.js";
export * from "./redact-secrets.js";
export * from "./standard-errors.js";
export * from "./upstream-finish-error.js";
