import type { ChatCompletionResponse } from "@mistralai/mistralai/models/components";
import type { ChatResponse } from "@oss-ai-agent-tool/core";
import { mapMistralFinishReason } from "./map-mistral-finish-reason.js";
import { mapMistralToolCalls } from "./map-mistral-tool-calls.js";
import { mapMistralUsage } from "./map-mistral-usage.js";
import { splitMistralContent } from "./split-mistral-content.js";

/** Maps a non-streamed Mistral reply (its first choice) to the contract's. Pure. */
export function mapMistralResponse(
  completion: ChatCompletionResponse,
  provider: string,
): ChatResponse {
  const choice = completion.choices[0];
  const { text, reasoning } = splitMistralContent(choice?.message?.content);
  const toolCalls = mapMistralToolCalls(choice?.message?.toolCalls);
  const usage = mapMistralUsage(completion.usage);
  const raw = choice?.finishReason;
  return {
    id: completion.id,
    provider,
    model: completion.model,
    output: text,
    finishReason: mapMistralFinishReason(raw),
    ...(raw ? { rawFinishReason: raw } : {}),
    ...(toolCalls.length ? { toolCalls } : {}),
    ...(usage ? { usage } : {}),
    ...(reasoning ? { reasoning } : {}),
  };
}
