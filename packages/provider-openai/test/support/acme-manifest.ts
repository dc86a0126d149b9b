import type { PluginManifestInput } from "@oss-ai-agent-tool/core";

/** The manifest the README's third-party example would carry in its package.json. */
export const acmeManifest: PluginManifestInput = {
  pluginApi: "^1.0.0",
  id: "acme",
  displayName: "Acme (OpenAI-compatible)",
  entry: "./dist/index.js",
  capabilities: {
    chat: true,
    stream: true,
    tools: true,
    embeddings: true,
    vision: false,
    responseFormat: true,
    reasoning: false,
  },
  credentials: [
    {
      key: "provider:acme:apiKey",
      env: "ACME_API_KEY",
      description: "Acme API key",
      required: true,
    },
  ],
  egressHosts: ["api.acme.example"],
  defaultModel: "acme-chat-1",
  optionsSchema: {
    type: "object",
    properties: { baseURL: { type: "string", pattern: "^https?://" } },
    additionalProperties: false,
  },
};
