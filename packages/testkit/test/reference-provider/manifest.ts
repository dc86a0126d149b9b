import type { PluginManifestInput } from "@oss-ai-agent-tool/core";

/** The manifest the reference provider would carry in its package.json. */
export const referenceManifest: PluginManifestInput = {
  pluginApi: "^1.0.0",
  id: "reference-openai",
  displayName: "Reference (OpenAI-compatible)",
  entry: "./dist/index.js",
  capabilities: {
    chat: true,
    stream: true,
    tools: true,
    embeddings: true,
    vision: true,
    responseFormat: true,
  },
  credentials: [
    {
      key: "provider:reference-openai:apiKey",
      env: "REFERENCE_OPENAI_API_KEY",
      description: "API key",
      required: true,
    },
  ],
  egressHosts: ["api.openai.com"],
  defaultModel: "conformance-model",
  baseURLEnv: "REFERENCE_OPENAI_BASE_URL",
  optionsSchema: { type: "object", properties: { baseURL: { type: "string" } } },
};
