/**
 * `@oss-ai-agent-tool/provider-mistral`: Mistral AI behind the gateway's
 * provider contract, through the official `@mistralai/mistralai` SDK.
 *
 * The default export is the plugin the orchestrator loads; the named exports
 * are the pure mappers and settings schema, for reuse and tests.
 */
import { defineProvider, type ProviderPlugin } from "@oss-ai-agent-tool/core";
import { createMistralProvider } from "./create-mistral-provider.js";
import type { MistralSettings } from "./mistral-settings.js";

// Moved to core; re-exported so this package's API stays the same.
export { upstreamFinishError } from "@oss-ai-agent-tool/core";
export { convertToMistralMessages, type MistralMessage } from "./convert-to-mistral-messages.js";
export {
  createMistralClient,
  egressFetcher,
  type MistralClientOptions,
  toMistralServerURL,
} from "./create-mistral-client.js";
export { createMistralProvider } from "./create-mistral-provider.js";
export { mapMistralEmbeddings } from "./map-mistral-embeddings.js";
export { mapMistralFinishReason } from "./map-mistral-finish-reason.js";
export { mapMistralModels } from "./map-mistral-models.js";
export { mapMistralResponse } from "./map-mistral-response.js";
export { mapMistralResponseFormat } from "./map-mistral-response-format.js";
export { mapMistralStream } from "./map-mistral-stream.js";
export { mapMistralToolCalls, mistralToolCallId } from "./map-mistral-tool-calls.js";
export { type MistralToolChoice, mapMistralToolChoice } from "./map-mistral-tool-choice.js";
export { mapMistralUsage } from "./map-mistral-usage.js";
export * from "./mistral-capabilities.js";
export * from "./mistral-settings.js";
export { normalizeToolArguments } from "./normalize-tool-arguments.js";
export {
  type MistralChatOptions,
  type MistralEmbedOptions,
  readMistralChatOptions,
  readMistralEmbedOptions,
} from "./read-mistral-provider-options.js";
export {
  type MistralContentParts,
  type MistralContentPiece,
  mistralContentPieces,
  splitMistralContent,
} from "./split-mistral-content.js";
export {
  type MistralChatParams,
  type MistralRequestDefaults,
  toMistralChatRequest,
} from "./to-mistral-chat-request.js";
export {
  mistralErrorMessage,
  streamWithMistralErrors,
  toMistralError,
  withMistralErrors,
} from "./to-mistral-error.js";

/** The Mistral provider plugin: the module the manifest's `entry` names default-exports it. */
const mistralPlugin: ProviderPlugin<MistralSettings> = defineProvider<MistralSettings>((context) =>
  createMistralProvider(context),
);

export default mistralPlugin;
