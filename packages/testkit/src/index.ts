/**
 * `@oss-ai-agent-tool/testkit`: what every provider package tests with. A mock
 * upstream that speaks real wire formats, replay of recorded fixtures, test
 * doubles, the conformance suite, and a reference OpenAI-compatible provider.
 */
export * from "./close-after-each.js";
export * from "./conformance/index.js";
export * from "./doubles/capturing-logger.js";
export * from "./doubles/memory-secrets-store.js";
export * from "./fixtures/index.js";
export * from "./json-schema-accepts.js";
export * from "./mock-upstream/index.js";
export * from "./provider-test-helpers.js";
export * from "./reference-provider/index.js";
export * from "./settings-schema-shape.js";
export * from "./wires/anthropic-wire.js";
export * from "./wires/bedrock-wire.js";
export * from "./wires/gemini-wire.js";
export * from "./wires/mistral-chat-wire.js";
export * from "./wires/ollama-chat-wire.js";
export * from "./wires/openai-chat-wire.js";
