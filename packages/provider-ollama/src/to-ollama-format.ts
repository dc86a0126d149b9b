import type { ResponseFormat } from "@oss-ai-agent-tool/core";

/**
 * Maps the response format to Ollama's `format`: `"json"` for a JSON object,
 * the schema itself for a JSON schema (Ollama constrains decoding to it),
 * nothing for text. The schema's name, description and `strict` have no
 * Ollama counterpart. Pure.
 */
export function toOllamaFormat(
  format: ResponseFormat | undefined,
): string | Record<string, unknown> | undefined {
  if (!format || format.type === "text") return undefined;
  if (format.type === "json_object") return "json";
  return format.schema;
}
