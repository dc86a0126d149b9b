/**
 * `@oss-ai-agent-tool/core`: the provider plugin contract and the runtime every
 * provider shares, so that a provider package holds only its mapping code.
 */
export * from "./client/index.js";
export * from "./egress/index.js";
export * from "./errors/index.js";
export * from "./logger.js";
export * from "./metrics/index.js";
export * from "./plugin/index.js";
export * from "./retry/index.js";
export * from "./secrets/index.js";
export * from "./types/index.js";
export * from "./validation/index.js";
