import type { ToolConfiguration } from "@aws-sdk/client-bedrock-runtime";
import type { ToolChoice, ToolDefinition } from "@oss-ai-agent-tool/core";
import type { DocumentType } from "@smithy/types";
import { invalidBedrockRequest } from "./bedrock-errors.js";

/**
 * Maps tools and the tool choice to a Converse `toolConfig`. `auto` becomes
 * `{ auto: {} }`, `required` `{ any: {} }` and a named tool
 * `{ tool: { name } }`. Bedrock has no `none`: the tools are left out, unless
 * the conversation already holds tool calls or results, which Bedrock accepts
 * only with a `toolConfig`; then the tools are sent without a choice. Pure;
 * throws a 400 when the named tool is not among the tools.
 */
export function toBedrockToolConfig(
  tools: readonly ToolDefinition[] | undefined,
  choice: ToolChoice | undefined,
  conversationHasToolBlocks: boolean,
): ToolConfiguration | undefined {
  if (!tools?.length) return undefined;
  if (choice === "none" && !conversationHasToolBlocks) return undefined;
  const specs: ToolConfiguration["tools"] = tools.map((tool) => ({
    toolSpec: {
      name: tool.name,
      ...(tool.description ? { description: tool.description } : {}),
      inputSchema: { json: tool.parameters as DocumentType },
      ...(tool.strict !== undefined ? { strict: tool.strict } : {}),
    },
  }));
  if (choice === undefined || choice === "none") return { tools: specs };
  if (choice === "auto") return { tools: specs, toolChoice: { auto: {} } };
  if (choice === "required") return { tools: specs, toolChoice: { any: {} } };
  if (!tools.some((tool) => tool.name === choice.name)) {
    throw invalidBedrockRequest(`toolChoice names "${choice.name}", which is not among the tools`);
  }
  return { tools: specs, toolChoice: { tool: { name: choice.name } } };
}
