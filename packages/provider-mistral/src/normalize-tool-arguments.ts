/**
 * Mistral sends tool-call arguments as a JSON string, or sometimes as an
 * already-parsed object; the contract wants a JSON object string, `"{}"` when
 * empty. A string is passed on as sent, so streamed fragments still add up to
 * the final value. Pure.
 */
export function normalizeToolArguments(args: unknown): string {
  if (typeof args === "string") return args.trim() === "" ? "{}" : args;
  if (args == null) return "{}";
  return JSON.stringify(args);
}
