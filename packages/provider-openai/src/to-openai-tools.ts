import type { ToolChoice, ToolDefinition } from "@oss-ai-agent-tool/core";
import type OpenAI from "openai";

/** Maps contract tools to chat-completions function tools, `strict` included. Pure. */
export function toOpenAITools(
  tools: readonly ToolDefinition[],
): OpenAI.Chat.Completions.ChatCompletionFunctionTool[] {
  return tools.map((tool) => ({
    type: "function" as const,
    function: {
      name: tool.name,
      parameters: tool.parameters,
      ...(tool.description !== undefined ? { description: tool.description } : {}),
      ...(tool.strict !== undefined ? { strict: tool.strict } : {}),
    },
  }));
}

/** Maps the contract's tool choice to `tool_choice`. Pure. */
export function toOpenAIToolChoice(
  choice: ToolChoice,
): OpenAI.Chat.Completions.ChatCompletionToolChoiceOption {
  return typeof choice === "string"
    ? choice
    : { type: "function", function: { name: choice.name } };
}
