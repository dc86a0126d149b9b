import {
  FunctionCallingConfigMode,
  type FunctionDeclaration,
  type Schema,
  type Tool,
  type ToolConfig,
} from "@google/genai";
import type { ToolChoice, ToolDefinition } from "@oss-ai-agent-tool/core";
import { SchemaConversionError, toGeminiParameters } from "./convert-json-schema-to-gemini.js";
import type { GeminiSchemaMode } from "./google-settings.js";
import { GOOGLE_PROVIDER_ID } from "./google-settings.js";
import { invalidRequestError } from "./provider-request-error.js";

function toFunctionDeclaration(tool: ToolDefinition, mode: GeminiSchemaMode): FunctionDeclaration {
  const declaration: FunctionDeclaration = {
    name: tool.name,
    ...(tool.description ? { description: tool.description } : {}),
  };
  if (mode === "json-schema") {
    declaration.parametersJsonSchema = tool.parameters;
    return declaration;
  }
  try {
    const parameters = toGeminiParameters(tool.parameters);
    if (parameters) declaration.parameters = parameters as Schema;
  } catch (err) {
    if (!(err instanceof SchemaConversionError)) throw err;
    throw invalidRequestError(
      GOOGLE_PROVIDER_ID,
      "invalid_tool_schema",
      `the parameters schema of tool "${tool.name}" cannot be sent to Gemini: ${err.message}`,
    );
  }
  return declaration;
}

/**
 * Maps contract tools to one Gemini tool of `functionDeclarations`. In
 * `openapi` mode each schema goes through {@link toGeminiParameters}; in
 * `json-schema` mode it is sent as it is in `parametersJsonSchema`. `strict`
 * has no Gemini counterpart. Pure; a schema that cannot be converted throws
 * a 400 `invalid_tool_schema` naming the tool.
 */
export function mapGeminiTools(
  tools: readonly ToolDefinition[] | undefined,
  mode: GeminiSchemaMode = "openapi",
): Tool[] | undefined {
  if (!tools?.length) return undefined;
  return [{ functionDeclarations: tools.map((tool) => toFunctionDeclaration(tool, mode)) }];
}

/**
 * Maps the contract's tool choice to Gemini's `functionCallingConfig`:
 * `auto` → `AUTO`, `none` → `NONE`, `required` → `ANY`, a named tool →
 * `ANY` restricted to that name. Pure.
 */
export function mapGeminiToolChoice(choice: ToolChoice | undefined): ToolConfig | undefined {
  if (choice === undefined) return undefined;
  if (choice === "auto") return { functionCallingConfig: { mode: FunctionCallingConfigMode.AUTO } };
  if (choice === "none") return { functionCallingConfig: { mode: FunctionCallingConfigMode.NONE } };
  if (choice === "required")
    return { functionCallingConfig: { mode: FunctionCallingConfigMode.ANY } };
  return {
    functionCallingConfig: {
      mode: FunctionCallingConfigMode.ANY,
      allowedFunctionNames: [choice.name],
    },
  };
}
