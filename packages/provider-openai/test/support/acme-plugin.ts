// The README's third-party example, kept compiling and passing the conformance suite.
import {
  type BaseProviderSettings,
  baseProviderSettingsSchema,
  createRotatingClient,
  defineProvider,
  requireSecret,
} from "@oss-ai-agent-tool/core";
import OpenAI from "openai";
import { createOpenAICompatibleProvider } from "../../src/index.js";

export default defineProvider<BaseProviderSettings>(
  ({ secrets, settings, fetch, metrics, logger }) => {
    const { baseURL, ...tuning } = baseProviderSettingsSchema.parse(settings);
    const rotating = createRotatingClient({
      provider: "acme",
      metrics,
      logger,
      resolveCredentials: () =>
        requireSecret(secrets, "acme", { key: "provider:acme:apiKey", env: "ACME_API_KEY" }),
      create: (apiKey) =>
        new OpenAI({
          apiKey,
          baseURL: baseURL ?? "https://api.acme.example/v1",
          maxRetries: 0,
          fetch,
        }),
    });
    return createOpenAICompatibleProvider({
      id: "acme",
      metrics,
      logger,
      defaultModel: "acme-chat-1",
      ...tuning,
      client: () => rotating.get(),
      close: () => rotating.close(),
      capabilities: {
        chat: true,
        stream: true,
        tools: true,
        embeddings: true,
        vision: false,
        responseFormat: true,
        reasoning: false,
      },
    });
  },
);
