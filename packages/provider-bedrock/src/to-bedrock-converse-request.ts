import type {
  ConverseRequest,
  ConverseStreamRequest,
  InferenceConfiguration,
  Message,
} from "@aws-sdk/client-bedrock-runtime";
import type { ChatRequest } from "@oss-ai-agent-tool/core";
import type { DocumentType } from "@smithy/types";
import { convertToBedrockMessages } from "./convert-to-bedrock-messages.js";
import { toBedrockOutputConfig } from "./map-bedrock-response-format.js";
import { toBedrockToolConfig } from "./map-bedrock-tools.js";
import { readBedrockChatOptions } from "./read-bedrock-provider-options.js";

/** The input of a `ConverseStream` call; the same minus stream-only fields for `Converse`. */
export type BedrockConverseParams = ConverseStreamRequest;

function hasToolBlocks(messages: readonly Message[]): boolean {
  return messages.some((m) => m.content?.some((block) => block.toolUse || block.toolResult));
}

function inferenceConfig(req: ChatRequest): InferenceConfiguration | undefined {
  const stop = req.stop === undefined ? undefined : [req.stop].flat();
  const config: InferenceConfiguration = {
    ...(req.maxTokens !== undefined ? { maxTokens: req.maxTokens } : {}),
    ...(req.temperature !== undefined ? { temperature: req.temperature } : {}),
    ...(req.topP !== undefined ? { topP: req.topP } : {}),
    ...(stop?.length ? { stopSequences: stop } : {}),
  };
  return Object.keys(config).length > 0 ? config : undefined;
}

/**
 * Maps a contract request to a `ConverseStream` request: messages and system
 * blocks, `inferenceConfig` (`maxTokens`, `temperature`, `topP`,
 * `stopSequences`), `toolConfig`, structured output, and the Converse fields
 * of `providerOptions.bedrock` (`additionalModelRequestFields` and the like).
 * `seed` and `user` have no Converse field and are dropped. Pure; throws a 400
 * `ProviderError` for what Bedrock cannot take.
 */
export function toBedrockConverseRequest(
  req: ChatRequest,
  modelId: string,
  extra?: { [key: string]: unknown },
): BedrockConverseParams {
  const { toolResults, ...options } = readBedrockChatOptions(extra);
  const { system, messages } = convertToBedrockMessages(req.messages, {
    ...(toolResults ? { toolResults } : {}),
  });
  const toolConfig = toBedrockToolConfig(req.tools, req.toolChoice, hasToolBlocks(messages));
  const outputConfig = toBedrockOutputConfig(req.responseFormat);
  const inference = inferenceConfig(req);
  const { additionalModelRequestFields, ...rest } = options;
  return {
    ...rest,
    modelId,
    messages,
    ...(system.length ? { system } : {}),
    ...(inference ? { inferenceConfig: inference } : {}),
    ...(toolConfig ? { toolConfig } : {}),
    ...(outputConfig ? { outputConfig } : {}),
    ...(additionalModelRequestFields
      ? { additionalModelRequestFields: additionalModelRequestFields as DocumentType }
      : {}),
  };
}

/** The same request for `Converse`, which has no stream processing mode for guardrails. */
export function toConverseRequest(params: BedrockConverseParams): ConverseRequest {
  if (!params.guardrailConfig?.streamProcessingMode) return params as ConverseRequest;
  const { streamProcessingMode: _, ...guardrailConfig } = params.guardrailConfig;
  return { ...params, guardrailConfig } as ConverseRequest;
}
