export * from "./provider-error.js";
export * from "./redact-secrets.js";
