import type { ChatCompletionRequest } from "@mistralai/mistralai/models/components";
import type { ToolChoice } from "@oss-ai-agent-tool/core";

/** Mistral's `tool_choice`, as the SDK types it. */
export type MistralToolChoice = NonNullable<ChatCompletionRequest["toolChoice"]>;

/**
 * Maps the contract's tool choice to Mistral's. `required` becomes `any`,
 * Mistral's long-standing name for "call at least one tool"; a named tool
 * becomes `{ type: "function", function: { name } }`. Pure.
 */
export function mapMistralToolChoice(choice: ToolChoice): MistralToolChoice {
  if (typeof choice === "object") return { type: "function", function: { name: choice.name } };
  return choice === "required" ? "any" : choice;
}
