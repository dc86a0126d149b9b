/**
 * The OpenAI-compatible HTTP API's pure mapping layer: request bodies in,
 * provider-neutral core types through, OpenAI response shapes and SSE text
 * out. No I/O here; the Fastify routes call these.
 */
export * from "./chat-completion-request-schema.js";
export * from "./chat-input-limits.js";
export * from "./embeddings-request-schema.js";
export * from "./encode-float32-base64.js";
export * from "./from-openai-chat-request.js";
export * from "./from-openai-embeddings-request.js";
export * from "./map-finish-reason-to-openai.js";
export * from "./openai-chunk-encoder.js";
export * from "./openai-error-body.js";
export * from "./openai-passthrough-params.js";
export * from "./openai-request-error.js";
export * from "./openai-sse.js";
export * from "./parse-image-url.js";
export * from "./provider-error-to-openai.js";
export * from "./to-openai-chat-completion.js";
export * from "./to-openai-embeddings-response.js";
export * from "./to-openai-models-list.js";
export * from "./to-openai-usage.js";
export * from "./with-passthrough-options.js";
export * from "./zod-issue-to-openai-error.js";
