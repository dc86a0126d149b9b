import type { GenerateContentConfig, Schema } from "@google/genai";
import type { ResponseFormat } from "@oss-ai-agent-tool/core";
import {
  convertJsonSchemaToGemini,
  SchemaConversionError,
} from "./convert-json-schema-to-gemini.js";
import { type GeminiSchemaMode, GOOGLE_PROVIDER_ID } from "./google-settings.js";
import { invalidRequestError } from "./provider-request-error.js";

/** The `generationConfig` fields a response format sets. */
export type GeminiResponseFormatConfig = Pick<
  GenerateContentConfig,
  "responseMimeType" | "responseSchema" | "responseJsonSchema"
>;

/**
 * Maps a response format: `json_object` asks for `application/json`;
 * `json_schema` adds the schema, converted to `responseSchema` in `openapi`
 * mode or sent as `responseJsonSchema` in `json-schema` mode; `text` sets
 * nothing. Gemini has no field for the format's name or `strict`. Pure; a
 * schema that cannot be converted throws a 400 `invalid_response_schema`.
 */
export function mapGeminiResponseFormat(
  format: ResponseFormat | undefined,
  mode: GeminiSchemaMode = "openapi",
): GeminiResponseFormatConfig {
  if (!format || format.type === "text") return {};
  if (format.type === "json_object") return { responseMimeType: "application/json" };
  if (mode === "json-schema")
    return { responseMimeType: "application/json", responseJsonSchema: format.schema };
  try {
    const schema = convertJsonSchemaToGemini(format.schema);
    if (Object.keys(schema).length === 0) return { responseMimeType: "application/json" };
    if (format.description && schema.description === undefined)
      schema.description = format.description;
    return { responseMimeType: "application/json", responseSchema: schema as Schema };
  } catch (err) {
    if (!(err instanceof SchemaConversionError)) throw err;
    throw invalidRequestError(
      GOOGLE_PROVIDER_ID,
      "invalid_response_schema",
      `the response schema "${format.name}" cannot be sent to Gemini: ${err.message}`,
    );
  }
}
