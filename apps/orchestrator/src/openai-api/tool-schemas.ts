import type { ToolCall, ToolChoice, ToolDefinition } from "@oss-ai-agent-tool/core";
import { z } from "zod";

/** True when `text` parses as a JSON object, the only form core's `ToolCall.arguments` allows. */
function isJsonObjectText(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

/**
 * An assistant's `tool_calls[i]` → core {@link ToolCall}. The arguments must
 * be a JSON object: providers other than OpenAI (Anthropic, Gemini, Bedrock)
 * take them as a parsed object, so a malformed string would fail upstream
 * with a confusing message, or worse, be dropped. An empty string means no
 * arguments and becomes `"{}"`.
 */
export const toolCallSchema = z
  .object({
    id: z.string().min(1),
    type: z.literal("function"),
    function: z.object({ name: z.string().min(1), arguments: z.string() }),
  })
  .transform((value, ctx): ToolCall => {
    const args = value.function.arguments.length === 0 ? "{}" : value.function.arguments;
    if (!isJsonObjectText(args)) {
      ctx.issues.push({
        code: "custom",
        message: 'must be a JSON object serialized as a string, e.g. "{}"',
        input: value.function.arguments,
        path: ["function", "arguments"],
      });
      return z.NEVER;
    }
    return { id: value.id, name: value.function.name, arguments: args };
  });

const jsonSchemaObject = z.record(z.string(), z.unknown());

/**
 * `tools[i]`: `{ type: "function", function: { name, description?, parameters?, strict? } }`
 * → core {@link ToolDefinition}. Missing parameters mean "no arguments", which
 * every provider spells as an empty object schema.
 */
export const toolDefinitionSchema = z
  .object({
    type: z.literal("function"),
    function: z.object({
      name: z.string().min(1),
      description: z.string().nullish(),
      parameters: jsonSchemaObject.nullish(),
      strict: z.boolean().nullish(),
    }),
  })
  .transform((value): ToolDefinition => {
    const fn = value.function;
    const tool: ToolDefinition = {
      name: fn.name,
      parameters: fn.parameters ?? { type: "object", properties: {} },
    };
    if (fn.description != null) tool.description = fn.description;
    if (fn.strict != null) tool.strict = fn.strict;
    return tool;
  });

/** `tool_choice`: `"auto" | "none" | "required" | { type: "function", function: { name } }` → core {@link ToolChoice}. */
export const toolChoiceSchema = z.union(
  [
    z.enum(["auto", "none", "required"]),
    z
      .object({ type: z.literal("function"), function: z.object({ name: z.string().min(1) }) })
      .transform((value): ToolChoice => ({ type: "tool", name: value.function.name })),
  ],
  {
    error: 'expected "auto", "none", "required" or {"type": "function", "function": {"name": ...}}',
  },
);
