import type { ChatCompletionRequest } from "@mistralai/mistralai/models/components";
import type { ChatRequest } from "@oss-ai-agent-tool/core";
import { convertToMistralMessages } from "./convert-to-mistral-messages.js";
import { mapMistralResponseFormat } from "./map-mistral-response-format.js";
import { mapMistralToolChoice } from "./map-mistral-tool-choice.js";
import { readMistralChatOptions } from "./read-mistral-provider-options.js";

/** A Mistral chat request without `stream`, in the SDK's camelCase. */
export type MistralChatParams = Omit<ChatCompletionRequest, "stream">;

/** Defaults from the provider's settings that apply to every request. */
export interface MistralRequestDefaults {
  safePrompt?: boolean | undefined;
}

/**
 * Maps a contract request to Mistral chat parameters. `seed` becomes
 * `random_seed`; `user` is dropped (Mistral rejects unknown fields). Known
 * fields of `providerOptions.mistral` fill in what the contract cannot say
 * and never override a mapped field. Pure; throws a 400 `ProviderError` on a
 * bad provider option.
 */
export function toMistralChatRequest(
  req: ChatRequest,
  model: string,
  defaults: MistralRequestDefaults = {},
  extra?: { [key: string]: unknown },
): MistralChatParams {
  const options = readMistralChatOptions(extra);
  return {
    ...(defaults.safePrompt !== undefined ? { safePrompt: defaults.safePrompt } : {}),
    ...options,
    model,
    messages: convertToMistralMessages(req.messages),
    ...(req.temperature !== undefined ? { temperature: req.temperature } : {}),
    ...(req.topP !== undefined ? { topP: req.topP } : {}),
    ...(req.maxTokens !== undefined ? { maxTokens: req.maxTokens } : {}),
    ...(req.stop !== undefined ? { stop: req.stop } : {}),
    ...(req.seed !== undefined ? { randomSeed: req.seed } : {}),
    ...(req.tools?.length
      ? {
          tools: req.tools.map((tool) => ({
            type: "function" as const,
            function: {
              name: tool.name,
              parameters: tool.parameters,
              ...(tool.description ? { description: tool.description } : {}),
              ...(tool.strict !== undefined ? { strict: tool.strict } : {}),
            },
          })),
        }
      : {}),
    ...(req.toolChoice !== undefined ? { toolChoice: mapMistralToolChoice(req.toolChoice) } : {}),
    ...(req.responseFormat ? { responseFormat: mapMistralResponseFormat(req.responseFormat) } : {}),
  };
}
