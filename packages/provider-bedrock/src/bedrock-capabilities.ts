import type { ProviderCapabilities } from "@oss-ai-agent-tool/core";

/** What the Bedrock provider can do; the manifest in `package.json` declares exactly this. */
export const BEDROCK_CAPABILITIES: Readonly<ProviderCapabilities> = Object.freeze({
  chat: true,
  stream: true,
  tools: true,
  embeddings: true,
  vision: true,
  responseFormat: true,
  reasoning: true,
});

/**
 * Chat model used when neither the request nor the settings name one: a US
 * cross-region inference profile, because newer Claude models on Bedrock are
 * served only through inference profiles (`us.`, `eu.`, `apac.`, `global.`).
 */
export const BEDROCK_DEFAULT_MODEL = "us.anthropic.claude-haiku-4-5-20251001-v1:0";

/** Embedding model used when neither the request nor the settings name one. */
export const BEDROCK_DEFAULT_EMBEDDING_MODEL = "amazon.titan-embed-text-v2:0";

/** Secrets-store keys and environment variables of the AWS credentials. */
export const BEDROCK_CREDENTIALS = Object.freeze({
  accessKeyId: { key: "provider:bedrock:accessKeyId", env: "AWS_ACCESS_KEY_ID" },
  secretAccessKey: { key: "provider:bedrock:secretAccessKey", env: "AWS_SECRET_ACCESS_KEY" },
  sessionToken: { key: "provider:bedrock:sessionToken", env: "AWS_SESSION_TOKEN" },
});

/** Environment variables read for the region when the settings name none, in order. */
export const BEDROCK_REGION_ENV: readonly string[] = Object.freeze([
  "AWS_REGION",
  "AWS_DEFAULT_REGION",
]);
