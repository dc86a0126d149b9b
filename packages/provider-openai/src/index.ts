/**
 * `@oss-ai-agent-tool/provider-openai`: the OpenAI provider plugin (default
 * export), and the OpenAI-compatible provider and pure mappers that other
 * OpenAI-compatible plugins build on.
 *
 * @module
 */
import { openAIPlugin } from "./openai-plugin.js";

export { convertToOpenAIMessages, type OpenAIMessage } from "./convert-to-openai-messages.js";
export {
  createOpenAICompatibleProvider,
  type OpenAICompatibleProviderOptions,
} from "./create-openai-compatible-provider.js";
export {
  findUnsupportedParameters,
  REASONING_UNSUPPORTED_PARAMETERS,
  type UnsupportedParameter,
} from "./find-unsupported-parameters.js";
export { InvalidChatRequestError } from "./invalid-chat-request-error.js";
export { acceptsSamplingParameters, isOpenAIReasoningModel } from "./is-openai-reasoning-model.js";
export { mapOpenAIChatResponse, reasoningTextOf } from "./map-openai-chat-response.js";
export {
  decodeOpenAIEmbedding,
  mapOpenAIEmbeddings,
  type OpenAIEmbeddingsLike,
} from "./map-openai-embeddings.js";
export { mapOpenAIFinishReason } from "./map-openai-finish-reason.js";
export { mapOpenAIStream } from "./map-openai-stream.js";
export { mapOpenAIUsage, type OpenAIUsageLike } from "./map-openai-usage.js";
export {
  createOpenAIProvider,
  OPENAI_CAPABILITIES,
  OPENAI_CREDENTIALS,
  OPENAI_PROVIDER_ID,
  openAIPlugin,
} from "./openai-plugin.js";
export {
  type OpenAISettings,
  openAISettingsSchema,
  parseOpenAISettings,
  type UnsupportedParametersMode,
} from "./openai-settings.js";
export {
  type OpenAIChatParams,
  type OpenAIChatParamsOptions,
  toOpenAIChatParams,
} from "./to-openai-chat-params.js";
export { type OpenAIResponseFormat, toOpenAIResponseFormat } from "./to-openai-response-format.js";
export { toOpenAIToolChoice, toOpenAITools } from "./to-openai-tools.js";

export default openAIPlugin;
