import type {
  GenerateContentConfig,
  GenerateContentParameters,
  MediaResolution,
  SafetySetting,
  ThinkingConfig,
} from "@google/genai";
import type { ChatRequest } from "@oss-ai-agent-tool/core";
import { convertToGeminiContents } from "./convert-to-gemini-contents.js";
import { type GeminiSchemaMode, GOOGLE_PROVIDER_ID } from "./google-settings.js";
import { mapGeminiResponseFormat } from "./map-gemini-response-format.js";
import { mapGeminiToolChoice, mapGeminiTools } from "./map-gemini-tools.js";
import { invalidRequestError } from "./provider-request-error.js";
import { readGoogleChatOptions } from "./read-google-provider-options.js";

/** Defaults from the provider's settings that apply to every request. */
export interface GeminiRequestDefaults {
  schemaMode?: GeminiSchemaMode | undefined;
  safetySettings?: ReadonlyArray<{ category: string; threshold: string }> | undefined;
}

/**
 * Throws a 400 for a model name the SDK would refuse with a plain error
 * (it rejects `..`, `?` and `&`), so the caller sees a client error.
 */
export function assertGeminiModel(model: string): void {
  if (model.trim() === "" || /\.\.|[?&]/.test(model)) {
    throw invalidRequestError(GOOGLE_PROVIDER_ID, "invalid_model", `invalid model name "${model}"`);
  }
}

/**
 * Maps a contract request to `models.generateContent` parameters.
 *
 * `temperature`, `topP`, `maxTokens` → `maxOutputTokens`, `stop` →
 * `stopSequences` and `seed` go into the generation config; tools, tool
 * choice and response format through their mappers. `user` has no Gemini
 * field and is dropped. `providerOptions.google` adds `thinkingConfig`,
 * `safetySettings`, `topK`, the penalties, `cachedContent`,
 * `mediaResolution` and `schemaMode`; these never override a mapped field.
 * The SDK's automatic function calling and automatic continuation are
 * always off: each would send further requests behind the runner's back.
 * Pure; throws a 400 `ProviderError` for what Gemini cannot be sent.
 */
export function toGeminiGenerateParams(
  req: ChatRequest,
  model: string,
  defaults: GeminiRequestDefaults = {},
  extra?: { [key: string]: unknown },
): GenerateContentParameters {
  assertGeminiModel(model);
  const options = readGoogleChatOptions(extra);
  const schemaMode = options.schemaMode ?? defaults.schemaMode ?? "openapi";
  const { contents, systemInstruction } = convertToGeminiContents(req.messages, model);
  const tools = mapGeminiTools(req.tools, schemaMode);
  const toolConfig = tools ? mapGeminiToolChoice(req.toolChoice) : undefined;
  const safetySettings = options.safetySettings ?? defaults.safetySettings;
  const stop = req.stop === undefined ? undefined : [req.stop].flat();

  const config: GenerateContentConfig = {
    ...(options.topK !== undefined ? { topK: options.topK } : {}),
    ...(options.presencePenalty !== undefined ? { presencePenalty: options.presencePenalty } : {}),
    ...(options.frequencyPenalty !== undefined
      ? { frequencyPenalty: options.frequencyPenalty }
      : {}),
    ...(options.cachedContent !== undefined ? { cachedContent: options.cachedContent } : {}),
    ...(options.mediaResolution !== undefined
      ? { mediaResolution: options.mediaResolution as MediaResolution }
      : {}),
    ...(options.thinkingConfig !== undefined
      ? { thinkingConfig: options.thinkingConfig as ThinkingConfig }
      : {}),
    ...(safetySettings?.length ? { safetySettings: safetySettings as SafetySetting[] } : {}),
    ...(systemInstruction ? { systemInstruction } : {}),
    ...(req.temperature !== undefined ? { temperature: req.temperature } : {}),
    ...(req.topP !== undefined ? { topP: req.topP } : {}),
    ...(req.maxTokens !== undefined ? { maxOutputTokens: req.maxTokens } : {}),
    ...(stop?.length ? { stopSequences: stop } : {}),
    ...(req.seed !== undefined ? { seed: req.seed } : {}),
    ...mapGeminiResponseFormat(req.responseFormat, schemaMode),
    ...(tools ? { tools } : {}),
    ...(toolConfig ? { toolConfig } : {}),
    automaticFunctionCalling: { disable: true },
    automaticContinuation: false,
  };
  return { model, contents, config };
}
