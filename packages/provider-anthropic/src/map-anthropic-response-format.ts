import type { JSONOutputFormat, Tool, ToolChoice } from "@anthropic-ai/sdk/resources/messages";
import type { ResponseFormat } from "@oss-ai-agent-tool/core";

/**
 * The name of the tool a `json_object` request is forced to call. Its input
 * is the reply: the provider hands it back as the reply text.
 */
export const JSON_RESPONSE_TOOL_NAME = "json";

/** How a response format travels on Anthropic's wire. */
export type AnthropicResponseFormat =
  | { kind: "none" }
  /** `json_schema`: native structured output, `output_config.format`. */
  | { kind: "output-format"; format: JSONOutputFormat }
  /** `json_object`: Anthropic has no schema-free JSON mode, so one forced tool takes any object. */
  | { kind: "json-tool"; tool: Tool; toolChoice: ToolChoice };

/**
 * Maps a contract response format. `json_schema` becomes Anthropic's
 * structured output (`output_config.format` with the schema; the contract's
 * `name`, `description` and `strict` have no field there, and the output is
 * always held to the schema). `json_object` becomes a forced call of a
 * `json` tool that takes any object, whose input the provider returns as the
 * reply text. Pure.
 */
export function mapAnthropicResponseFormat(
  format: ResponseFormat | undefined,
): AnthropicResponseFormat {
  if (!format || format.type === "text") return { kind: "none" };
  if (format.type === "json_schema") {
    return { kind: "output-format", format: { type: "json_schema", schema: format.schema } };
  }
  return {
    kind: "json-tool",
    tool: {
      name: JSON_RESPONSE_TOOL_NAME,
      description: "Respond with a JSON object. The tool input is the whole response.",
      input_schema: { type: "object", additionalProperties: true },
    },
    toolChoice: { type: "tool", name: JSON_RESPONSE_TOOL_NAME },
  };
}
