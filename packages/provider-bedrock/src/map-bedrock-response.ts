import type { ConverseResponse } from "@aws-sdk/client-bedrock-runtime";
import type { ChatResponse, ToolCall } from "@oss-ai-agent-tool/core";
import { mapBedrockFinishReason } from "./map-bedrock-finish-reason.js";
import { mapBedrockUsage } from "./map-bedrock-usage.js";

/** What a reply is labelled with: Converse sends neither an id nor the model in its body. */
export interface BedrockReplyLabels {
  /** The `x-amzn-requestid` of the call (the SDK's `$metadata.requestId`). */
  requestId?: string | undefined;
  /** The model id the request named. */
  model: string;
}

/** A tool call's input as the contract's JSON arguments string. */
export function toolArguments(input: unknown): string {
  return input === undefined || input === null ? "{}" : JSON.stringify(input);
}

/**
 * An id for a reply: the AWS request id when there is one, else a random
 * one. Converse replies carry no id of their own.
 */
export function bedrockReplyId(requestId: string | undefined): string {
  return requestId ? `bedrock-${requestId}` : `bedrock-${crypto.randomUUID()}`;
}

/**
 * Maps a Converse reply to the contract: text blocks joined as the output,
 * `toolUse` blocks as tool calls (their `input` object serialized as the
 * arguments string, ids kept), `reasoningContent` text as `reasoning`
 * (redacted reasoning is left out), the stop reason normalized with the raw
 * value kept, and usage with the prompt-cache counts. The model is the one
 * requested, unless a prompt router reports the one it invoked. Pure.
 */
export function mapBedrockResponse(
  response: ConverseResponse,
  provider: string,
  labels: BedrockReplyLabels,
): ChatResponse {
  let output = "";
  let reasoning = "";
  const toolCalls: ToolCall[] = [];
  for (const block of response.output?.message?.content ?? []) {
    if (block.text !== undefined) output += block.text;
    else if (block.toolUse) {
      toolCalls.push({
        id: block.toolUse.toolUseId ?? `tooluse_${toolCalls.length}`,
        name: block.toolUse.name ?? "",
        arguments: toolArguments(block.toolUse.input),
      });
    } else if (block.reasoningContent?.reasoningText) {
      reasoning += block.reasoningContent.reasoningText.text ?? "";
    }
  }
  const usage = mapBedrockUsage(response.usage);
  const rawFinishReason = response.stopReason;
  return {
    id: bedrockReplyId(labels.requestId),
    provider,
    model: response.trace?.promptRouter?.invokedModelId ?? labels.model,
    output,
    ...(toolCalls.length ? { toolCalls } : {}),
    finishReason: mapBedrockFinishReason(rawFinishReason),
    ...(rawFinishReason !== undefined ? { rawFinishReason } : {}),
    ...(usage ? { usage } : {}),
    ...(reasoning ? { reasoning } : {}),
  };
}
