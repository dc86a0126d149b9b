import type { ResponseFormat } from "@oss-ai-agent-tool/core";
import type OpenAI from "openai";

/** A chat-completions `response_format`. */
export type OpenAIResponseFormat = NonNullable<
  OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming["response_format"]
>;

/** Maps the contract's response format (text, json_object, json_schema) to `response_format`. Pure. */
export function toOpenAIResponseFormat(format: ResponseFormat): OpenAIResponseFormat {
  if (format.type === "text") return { type: "text" };
  if (format.type === "json_object") return { type: "json_object" };
  return {
    type: "json_schema",
    json_schema: {
      name: format.name,
      schema: format.schema,
      ...(format.description !== undefined ? { description: format.description } : {}),
      ...(format.strict !== undefined ? { strict: format.strict } : {}),
    },
  };
}
