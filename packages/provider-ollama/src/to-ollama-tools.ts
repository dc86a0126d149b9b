import type { ToolChoice, ToolDefinition } from "@oss-ai-agent-tool/core";
import type { Tool } from "ollama";
import { invalidRequestError } from "./invalid-request-error.js";

/**
 * Maps tool definitions to Ollama's `tools`, applying `toolChoice` as far as
 * Ollama can: it has no `tool_choice`, so `"none"` sends no tools, a named
 * tool sends only that one, and `"required"` sends them all (the model may
 * still answer in text). `strict` has no Ollama counterpart and is dropped.
 * Returns `undefined` when no tools are to be sent. Pure.
 *
 * @throws {ProviderError} 400 `invalid_request` when `toolChoice` names a tool that is not defined.
 */
export function toOllamaTools(
  tools: ToolDefinition[] | undefined,
  toolChoice?: ToolChoice,
): Tool[] | undefined {
  if (!tools?.length || toolChoice === "none") return undefined;
  let chosen = tools;
  if (typeof toolChoice === "object") {
    chosen = tools.filter((t) => t.name === toolChoice.name);
    if (chosen.length === 0) {
      throw invalidRequestError(
        `toolChoice names "${toolChoice.name}", which is not among the tools`,
      );
    }
  }
  return chosen.map((t) => ({
    type: "function",
    function: {
      name: t.name,
      ...(t.description !== undefined ? { description: t.description } : {}),
      // The SDK's parameter type is narrower than JSON Schema; the server takes any schema.
      parameters: t.parameters as NonNullable<Tool["function"]["parameters"]>,
    },
  }));
}
