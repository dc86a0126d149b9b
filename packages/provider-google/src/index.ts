/**
 * `@oss-ai-agent-tool/provider-google`: Google's Gemini API behind the
 * gateway's provider contract, through the official `@google/genai` SDK.
 *
 * The default export is the plugin the orchestrator loads; the named exports
 * are the pure mappers and settings schema, for reuse and tests.
 */
import { defineProvider, type ProviderPlugin } from "@oss-ai-agent-tool/core";
import { createGoogleProvider } from "./create-google-provider.js";
import type { GoogleSettings } from "./google-settings.js";

// Moved to core; re-exported so this package's API stays the same.
export { upstreamFinishError } from "@oss-ai-agent-tool/core";
export { applyGeminiPartialArgs, parseJsonPath } from "./apply-gemini-partial-args.js";
export {
  convertJsonSchemaToGemini,
  GEMINI_SCHEMA_KEYS,
  type GeminiSchema,
  type GeminiSchemaType,
  SchemaConversionError,
  toGeminiParameters,
} from "./convert-json-schema-to-gemini.js";
export {
  convertToGeminiContents,
  type GeminiContents,
  imageTypeFromUrl,
  toGeminiFunctionResponse,
  toGeminiImagePart,
} from "./convert-to-gemini-contents.js";
export {
  createGoogleClient,
  type GoogleClientOptions,
  type GoogleEndpoint,
  toGoogleEndpoint,
} from "./create-google-client.js";
export { createGoogleProvider } from "./create-google-provider.js";
export {
  decodeGeminiToolCallId,
  encodeGeminiToolCallId,
  geminiToolCallBaseId,
  requiresThoughtSignatures,
  SKIP_THOUGHT_SIGNATURE,
  THOUGHT_SIGNATURE_SEPARATOR,
} from "./gemini-tool-call-id.js";
export * from "./google-capabilities.js";
export * from "./google-settings.js";
export { mapGeminiEmbeddings, readGeminiEmbeddingPromptTokens } from "./map-gemini-embeddings.js";
export { mapGeminiFinishReason } from "./map-gemini-finish-reason.js";
export { mapGeminiModels } from "./map-gemini-models.js";
export {
  geminiRawFinishReason,
  geminiToolCall,
  mapGeminiResponse,
} from "./map-gemini-response.js";
export {
  type GeminiResponseFormatConfig,
  mapGeminiResponseFormat,
} from "./map-gemini-response-format.js";
export { mapGeminiStream } from "./map-gemini-stream.js";
export { mapGeminiToolChoice, mapGeminiTools } from "./map-gemini-tools.js";
export { mapGeminiUsage } from "./map-gemini-usage.js";
export { invalidRequestError } from "./provider-request-error.js";
export {
  type GoogleChatOptions,
  type GoogleEmbedOptions,
  readGoogleChatOptions,
  readGoogleEmbedOptions,
} from "./read-google-provider-options.js";
export {
  assertGeminiModel,
  type GeminiRequestDefaults,
  toGeminiGenerateParams,
} from "./to-gemini-generate-params.js";
export {
  GoogleApiError,
  type GoogleErrorBody,
  googleErrorFromResponse,
  googleFetch,
  parseGoogleErrorBody,
  parseGoogleRetryDelay,
  streamWithGoogleErrors,
  toGoogleError,
  withGoogleErrors,
} from "./to-google-error.js";

/** The Google Gemini provider plugin: the module the manifest's `entry` names default-exports it. */
const googlePlugin: ProviderPlugin<GoogleSettings> = defineProvider<GoogleSettings>((context) =>
  createGoogleProvider(context),
);

export default googlePlugin;
