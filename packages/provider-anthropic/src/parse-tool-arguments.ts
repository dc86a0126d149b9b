import { InvalidAnthropicRequestError } from "./invalid-anthropic-request-error.js";

/**
 * Turns a contract tool call's `arguments` (a JSON string, as on the OpenAI
 * wire) into the object Anthropic's `tool_use.input` holds. An empty string
 * is a call without arguments (`{}`). Pure.
 *
 * @throws {InvalidAnthropicRequestError} when the string is not JSON or not a
 *   JSON object: sending it on would lose the arguments, so the client hears
 *   about it instead.
 */
export function parseToolArguments(args: string, param: string): Record<string, unknown> {
  if (args.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(args);
  } catch (err) {
    throw new InvalidAnthropicRequestError(
      `tool call arguments are not valid JSON (${(err as Error).message})`,
      param,
    );
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InvalidAnthropicRequestError(
      "tool call arguments must be a JSON object, as Anthropic's tool_use input is one",
      param,
    );
  }
  return value as Record<string, unknown>;
}
