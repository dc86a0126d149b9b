/**
 * `@oss-ai-agent-tool/provider-anthropic`: Anthropic's Claude models behind
 * the gateway's provider contract, through the official `@anthropic-ai/sdk`.
 *
 * The default export is the plugin the orchestrator loads; the named exports
 * are the pure mappers and the settings schema, for reuse and tests.
 */
import { defineProvider, type ProviderPlugin } from "@oss-ai-agent-tool/core";
import type { AnthropicSettings } from "./anthropic-settings.js";
import { createAnthropicProvider } from "./create-anthropic-provider.js";

export * from "./anthropic-capabilities.js";
export { invalidResponseError } from "./anthropic-errors.js";
export * from "./anthropic-settings.js";
export {
  ANTHROPIC_IMAGE_MEDIA_TYPES,
  convertToAnthropicImage,
} from "./convert-to-anthropic-image.js";
export {
  type AnthropicMessages,
  type AnthropicTurn,
  convertToAnthropicMessages,
} from "./convert-to-anthropic-messages.js";
export {
  type AnthropicClientOptions,
  createAnthropicClient,
  SDK_BACKSTOP_TIMEOUT_MS,
  toAnthropicBaseURL,
} from "./create-anthropic-client.js";
export { createAnthropicProvider } from "./create-anthropic-provider.js";
export {
  type AnthropicUnsupportedParameter,
  acceptsSamplingParameters,
  findUnsupportedParameters,
} from "./find-unsupported-parameters.js";
export {
  InvalidAnthropicRequestError,
  toInvalidRequestProviderError,
} from "./invalid-anthropic-request-error.js";
export { mapAnthropicFinishReason } from "./map-anthropic-finish-reason.js";
export { mapAnthropicModels } from "./map-anthropic-models.js";
export {
  type MapAnthropicResponseOptions,
  mapAnthropicResponse,
  toolInputToArguments,
} from "./map-anthropic-response.js";
export {
  type AnthropicResponseFormat,
  JSON_RESPONSE_TOOL_NAME,
  mapAnthropicResponseFormat,
} from "./map-anthropic-response-format.js";
export { type MapAnthropicStreamOptions, mapAnthropicStream } from "./map-anthropic-stream.js";
export { toAnthropicToolChoice, toAnthropicTools } from "./map-anthropic-tools.js";
export {
  type AnthropicUsageLike,
  mapAnthropicUsage,
  mergeAnthropicUsage,
} from "./map-anthropic-usage.js";
export { parseToolArguments } from "./parse-tool-arguments.js";
export {
  type AnthropicChatOptions,
  readAnthropicChatOptions,
} from "./read-anthropic-provider-options.js";
export {
  anthropicErrorMessage,
  anthropicErrorType,
  streamWithAnthropicErrors,
  toAnthropicError,
  withAnthropicErrors,
} from "./to-anthropic-error.js";
export {
  type AnthropicChatParams,
  type AnthropicParamsOptions,
  type PreparedAnthropicParams,
  toAnthropicParams,
} from "./to-anthropic-params.js";

/** The Anthropic provider plugin: the default export the orchestrator loads. */
const anthropicPlugin: ProviderPlugin<AnthropicSettings> = defineProvider<AnthropicSettings>(
  (context) => createAnthropicProvider(context),
);

export default anthropicPlugin;
