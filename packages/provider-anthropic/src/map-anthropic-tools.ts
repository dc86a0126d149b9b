import type { Tool, ToolChoice } from "@anthropic-ai/sdk/resources/messages";
import type { ToolChoice as ContractToolChoice, ToolDefinition } from "@oss-ai-agent-tool/core";
import { InvalidAnthropicRequestError } from "./invalid-anthropic-request-error.js";

/**
 * Anthropic requires each tool's `input_schema` to be an object schema. A
 * schema without `type` (OpenAI clients send `{}` for a tool without
 * arguments) is read as an object schema; one of another type is rejected.
 */
function inputSchemaOf(tool: ToolDefinition, param: string): Tool.InputSchema {
  const schema = tool.parameters;
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) {
    return { type: "object", properties: {} };
  }
  if (schema.type === undefined) return { ...schema, type: "object" };
  if (schema.type !== "object") {
    throw new InvalidAnthropicRequestError(
      `Anthropic tools take an object schema, not type ${JSON.stringify(schema.type)}`,
      `${param}.parameters`,
    );
  }
  return schema as Tool.InputSchema;
}

/** Maps contract tools to Anthropic `{ name, description, input_schema, strict }`. Pure. */
export function toAnthropicTools(tools: readonly ToolDefinition[]): Tool[] {
  return tools.map((tool, i) => ({
    name: tool.name,
    ...(tool.description ? { description: tool.description } : {}),
    input_schema: inputSchemaOf(tool, `tools[${i}]`),
    ...(tool.strict !== undefined ? { strict: tool.strict } : {}),
  }));
}

/**
 * Maps the contract's tool choice: `auto` and `none` as they are, `required`
 * as Anthropic's `any`, a named tool as `{ type: "tool", name }`.
 * `disableParallel` adds `disable_parallel_tool_use` where Anthropic takes it
 * (and asks for `auto` when no choice was given). Pure.
 */
export function toAnthropicToolChoice(
  choice: ContractToolChoice | undefined,
  disableParallel?: boolean,
): ToolChoice | undefined {
  const extra = disableParallel !== undefined ? { disable_parallel_tool_use: disableParallel } : {};
  if (choice === undefined)
    return disableParallel !== undefined ? { type: "auto", ...extra } : undefined;
  if (choice === "none") return { type: "none" };
  if (choice === "auto") return { type: "auto", ...extra };
  if (choice === "required") return { type: "any", ...extra };
  return { type: "tool", name: choice.name, ...extra };
}
