/**
 * `@oss-ai-agent-tool/provider-ollama`: the Ollama provider plugin, built on
 * the official `ollama` SDK (native `/api/chat`, NDJSON streaming).
 */
import { defineProvider, type ProviderPlugin } from "@oss-ai-agent-tool/core";
import { createOllamaProvider } from "./create-ollama-provider.js";
import type { OllamaSettings } from "./ollama-settings.js";

export { convertToOllamaMessages } from "./convert-to-ollama-messages.js";
export { createOllamaProvider } from "./create-ollama-provider.js";
export { mapOllamaEmbedResponse, toOllamaEmbedRequest } from "./map-ollama-embed.js";
export { mapOllamaFinishReason } from "./map-ollama-finish-reason.js";
export { mapOllamaResponse } from "./map-ollama-response.js";
export { mapOllamaStream } from "./map-ollama-stream.js";
export { mapOllamaToolCalls } from "./map-ollama-tool-calls.js";
export { mapOllamaUsage, type OllamaCounts } from "./map-ollama-usage.js";
export * from "./ollama-constants.js";
export { OllamaHttpError } from "./ollama-errors.js";
export {
  type OllamaSettings,
  ollamaSettingsSchema,
  parseOllamaSettings,
} from "./ollama-settings.js";
export type {
  OllamaWireChatChunk,
  OllamaWireMessage,
  OllamaWireToolCall,
} from "./ollama-wire-types.js";
export { normalizeOllamaHost, resolveOllamaHost } from "./resolve-ollama-host.js";
export {
  type OllamaChatParams,
  type OllamaRequestDefaults,
  toOllamaChatRequest,
} from "./to-ollama-chat-request.js";
export { toOllamaFormat } from "./to-ollama-format.js";
export { toOllamaImage } from "./to-ollama-image.js";
export { toOllamaTools } from "./to-ollama-tools.js";

/**
 * The plugin the manifest's `entry` names. Settings are validated by the
 * factory with {@link ollamaSettingsSchema}.
 */
const plugin: ProviderPlugin<OllamaSettings> = defineProvider<OllamaSettings>((context) =>
  createOllamaProvider(context),
);

export default plugin;
