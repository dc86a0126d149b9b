import type { ResponseFormat as MistralResponseFormat } from "@mistralai/mistralai/models/components";
import type { ResponseFormat } from "@oss-ai-agent-tool/core";

/** Maps the contract's response format to Mistral's `response_format`. Pure. */
export function mapMistralResponseFormat(format: ResponseFormat): MistralResponseFormat {
  if (format.type !== "json_schema") return { type: format.type };
  return {
    type: "json_schema",
    jsonSchema: {
      name: format.name,
      schemaDefinition: format.schema,
      ...(format.description !== undefined ? { description: format.description } : {}),
      ...(format.strict !== undefined ? { strict: format.strict } : {}),
    },
  };
}
