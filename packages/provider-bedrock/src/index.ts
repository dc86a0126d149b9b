/**
 * `@oss-ai-agent-tool/provider-bedrock`: Amazon Bedrock behind the gateway's
 * provider contract, through the official `@aws-sdk/client-bedrock-runtime`
 * (Converse, ConverseStream, and InvokeModel for Titan embeddings).
 *
 * The default export is the plugin the orchestrator loads; the named exports
 * are the pure mappers, the settings schema and the request handler, for
 * reuse and tests.
 */
import { defineProvider, type ProviderPlugin } from "@oss-ai-agent-tool/core";
import type { BedrockSettings } from "./bedrock-settings.js";
import { createBedrockProvider } from "./create-bedrock-provider.js";

export * from "./bedrock-capabilities.js";
export { invalidBedrockRequest } from "./bedrock-errors.js";
export * from "./bedrock-settings.js";
export {
  type BedrockConversation,
  convertToBedrockMessages,
  type ToolResultFormat,
} from "./convert-to-bedrock-messages.js";
export { type BedrockClientOptions, createBedrockClient } from "./create-bedrock-client.js";
export { type BedrockProviderOptions, createBedrockProvider } from "./create-bedrock-provider.js";
export {
  createRefreshingCredentials,
  DEFAULT_REFRESH_BEFORE_MS,
  type RefreshingCredentialsOptions,
} from "./create-refreshing-credentials.js";
export { buildQueryString, EgressHttpHandler, requestUrl } from "./egress-http-handler.js";
export { mapBedrockFinishReason } from "./map-bedrock-finish-reason.js";
export { bedrockModelOwner, mapBedrockModels } from "./map-bedrock-models.js";
export {
  type BedrockReplyLabels,
  bedrockReplyId,
  mapBedrockResponse,
  toolArguments,
} from "./map-bedrock-response.js";
export { toBedrockOutputConfig } from "./map-bedrock-response-format.js";
export { type BedrockStreamLabels, mapBedrockStream } from "./map-bedrock-stream.js";
export { toBedrockToolConfig } from "./map-bedrock-tools.js";
export { mapBedrockUsage } from "./map-bedrock-usage.js";
export {
  mapWithConcurrency,
  parseTitanEmbedding,
  type TitanEmbedBody,
  type TitanEmbedding,
  toTitanEmbedBody,
} from "./map-titan-embeddings.js";
export {
  type BedrockCredentialSource,
  type BedrockKeys,
  noCredentialsError,
  readBedrockCredentials,
} from "./read-bedrock-credentials.js";
export {
  type BedrockChatOptions,
  type BedrockEmbedOptions,
  readBedrockChatOptions,
  readBedrockEmbedOptions,
} from "./read-bedrock-provider-options.js";
export {
  type BedrockConverseParams,
  toBedrockConverseRequest,
  toConverseRequest,
} from "./to-bedrock-converse-request.js";
export { streamWithBedrockErrors, toBedrockError, withBedrockErrors } from "./to-bedrock-error.js";
export { toBedrockImage } from "./to-bedrock-image.js";

/** The Bedrock provider plugin: the module the manifest's `entry` names default-exports it. */
const bedrockPlugin: ProviderPlugin<BedrockSettings> = defineProvider<BedrockSettings>((context) =>
  createBedrockProvider(context),
);

export default bedrockPlugin;
