import type { OutputConfig } from "@aws-sdk/client-bedrock-runtime";
import type { ResponseFormat } from "@oss-ai-agent-tool/core";
import { invalidBedrockRequest } from "./bedrock-errors.js";

/**
 * Maps a response format to Converse structured output (`outputConfig.textFormat`
 * with a JSON schema), which the models that support it enforce. `text` needs
 * nothing. `json_object` is refused with a 400: Converse has no schema-less
 * JSON mode, and a permissive schema is rejected by the models that
 * implement structured output. Pure.
 */
export function toBedrockOutputConfig(
  format: ResponseFormat | undefined,
): OutputConfig | undefined {
  if (!format || format.type === "text") return undefined;
  if (format.type === "json_object") {
    throw invalidBedrockRequest(
      'Bedrock Converse has no schema-less JSON mode; send responseFormat "json_schema" with a schema',
      "unsupported_response_format",
    );
  }
  return {
    textFormat: {
      type: "json_schema",
      structure: {
        jsonSchema: {
          schema: JSON.stringify(format.schema),
          name: format.name,
          ...(format.description ? { description: format.description } : {}),
        },
      },
    },
  };
}
