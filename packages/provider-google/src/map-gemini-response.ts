import { randomUUID } from "node:crypto";
import type { GenerateContentResponse, Part } from "@google/genai";
import type { ChatResponse, ToolCall } from "@oss-ai-agent-tool/core";
import { encodeGeminiToolCallId, geminiToolCallBaseId } from "./gemini-tool-call-id.js";
import { mapGeminiFinishReason } from "./map-gemini-finish-reason.js";
import { mapGeminiUsage } from "./map-gemini-usage.js";

/** A tool call built from a whole Gemini `functionCall` part. Pure. */
export function geminiToolCall(part: Part, seed: string, index: number): ToolCall {
  const call = part.functionCall ?? {};
  const baseId = geminiToolCallBaseId(seed, index, call.id);
  return {
    id: encodeGeminiToolCallId(baseId, part.thoughtSignature),
    name: call.name ?? "",
    arguments: JSON.stringify(call.args ?? {}),
  };
}

/** The reason a reply ended: the candidate's finish reason, or why the prompt was blocked. */
export function geminiRawFinishReason(response: GenerateContentResponse): string | undefined {
  const candidate = response.candidates?.[0];
  if (candidate?.finishReason) return candidate.finishReason;
  if (!candidate) return response.promptFeedback?.blockReason ?? undefined;
  return undefined;
}

/**
 * Maps a Gemini reply (its first candidate) to the contract's: `text` parts
 * are the output, `thought: true` parts the reasoning, `functionCall` parts
 * the tool calls (ids from {@link geminiToolCallBaseId}, each with its
 * part's thought signature encoded in it; arguments as JSON text). A prompt
 * blocked before any candidate (`promptFeedback.blockReason`) is a
 * `content_filter` finish with the block reason as the raw value. Pure but
 * for the random seed of a reply without a `responseId`.
 */
export function mapGeminiResponse(
  response: GenerateContentResponse,
  provider: string,
  requestedModel: string,
): ChatResponse {
  const seed = response.responseId ?? randomUUID();
  let output = "";
  let reasoning = "";
  const toolCalls: ToolCall[] = [];
  for (const part of response.candidates?.[0]?.content?.parts ?? []) {
    if (part.functionCall) toolCalls.push(geminiToolCall(part, seed, toolCalls.length));
    else if (typeof part.text === "string") {
      if (part.thought) reasoning += part.text;
      else output += part.text;
    }
  }
  const raw = geminiRawFinishReason(response);
  const blocked = !response.candidates?.length && raw !== undefined;
  const usage = mapGeminiUsage(response.usageMetadata);
  return {
    id: response.responseId ?? `gemini-${seed}`,
    provider,
    model: response.modelVersion ?? requestedModel,
    output,
    ...(toolCalls.length ? { toolCalls } : {}),
    finishReason: blocked ? "content_filter" : mapGeminiFinishReason(raw, toolCalls.length > 0),
    ...(raw !== undefined ? { rawFinishReason: raw } : {}),
    ...(usage ? { usage } : {}),
    ...(reasoning ? { reasoning } : {}),
  };
}
