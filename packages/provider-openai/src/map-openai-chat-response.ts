import { randomUUID } from "node:crypto";
import type { ChatResponse, ToolCall } from "@oss-ai-agent-tool/core";
import type OpenAI from "openai";
import { mapOpenAIFinishReason } from "./map-openai-finish-reason.js";
import { mapOpenAIUsage } from "./map-openai-usage.js";

interface LooseToolCall {
  id?: string;
  function?: { name?: string; arguments?: string };
}

/** Reasoning text as OpenAI-compatible servers send it (DeepSeek, xAI: `reasoning_content`; OpenRouter, Ollama: `reasoning`). */
export function reasoningTextOf(source: unknown): string | undefined {
  if (typeof source !== "object" || source === null) return undefined;
  const { reasoning_content: content, reasoning } = source as Record<string, unknown>;
  if (typeof content === "string" && content.length > 0) return content;
  if (typeof reasoning === "string" && reasoning.length > 0) return reasoning;
  return undefined;
}

/**
 * Maps a chat completion to the contract's reply. Pure apart from the id it
 * makes up when the server sent none.
 *
 * - The first choice is the reply (the gateway asks for one).
 * - A refusal (structured outputs) is returned as the reply text, so the
 *   client reads why instead of getting an empty reply.
 * - Function tool calls keep their id (made up from the position when
 *   missing) and their arguments string (`"{}"` when empty).
 * - `model` is what the server reported, else `requestedModel`.
 */
export function mapOpenAIChatResponse(
  completion: OpenAI.Chat.Completions.ChatCompletion,
  provider: string,
  requestedModel: string,
): ChatResponse {
  const choice = completion.choices?.find((c) => (c.index ?? 0) === 0) ?? completion.choices?.[0];
  const message = choice?.message;
  // Typed loosely: some compatible servers leave out `type`; custom (free-form) tools have no `function`.
  const calls = (message?.tool_calls ?? []) as LooseToolCall[];
  const toolCalls: ToolCall[] = calls.flatMap((call, index) =>
    call.function
      ? [
          {
            id: call.id || `oaat_call_${index}`,
            name: call.function.name ?? "",
            arguments: call.function.arguments || "{}",
          },
        ]
      : [],
  );
  const rawFinish = choice?.finish_reason ?? undefined;
  const usage = mapOpenAIUsage(completion.usage);
  const reasoning = reasoningTextOf(message);
  return {
    id: completion.id || `chatcmpl-${randomUUID()}`,
    provider,
    model: completion.model || requestedModel,
    output: message?.content || message?.refusal || "",
    finishReason: mapOpenAIFinishReason(rawFinish),
    ...(rawFinish ? { rawFinishReason: rawFinish } : {}),
    ...(toolCalls.length > 0 ? { toolCalls } : {}),
    ...(usage ? { usage } : {}),
    ...(reasoning ? { reasoning } : {}),
  };
}
