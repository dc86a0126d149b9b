import type { z } from "zod";
import type { OpenAIRequestError } from "./openai-request-error.js";

type RawIssue = z.core.$ZodRawIssue;
type Issue = z.core.$ZodIssue;
type PathKey = PropertyKey;

/** The message for a missing field; custom checks use it too, so the code comes out right. */
export const REQUIRED_MESSAGE = "is required";

const EXPECTED_NAMES: Readonly<Record<string, string>> = {
  string: "a string",
  number: "a number",
  int: "an integer",
  boolean: "a boolean",
  object: "an object",
  array: "an array",
  null: "null",
  record: "an object",
};

function describeJsonValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  switch (typeof value) {
    case "string":
      return "a string";
    case "number":
      return Number.isInteger(value) ? "an integer" : "a number";
    case "boolean":
      return "a boolean";
    case "object":
      return "an object";
    default:
      return typeof value;
  }
}

function quoteAll(values: readonly unknown[]): string {
  let out = "";
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ", ";
    out += JSON.stringify(values[i]) ?? String(values[i]);
  }
  return out;
}

function expectedOneOf(values: readonly unknown[]): string {
  return values.length === 1
    ? `expected ${quoteAll(values)}`
    : `expected one of ${quoteAll(values)}`;
}

function sizeMessage(origin: string, bound: number | bigint, inclusive: boolean, min: boolean) {
  if (origin === "array" || origin === "set") {
    if (min && bound === 1) return "must not be empty";
    return min ? `must have at least ${bound} items` : `must have at most ${bound} items`;
  }
  if (origin === "string") {
    if (min && bound === 1) return "must not be empty";
    return min ? `must be at least ${bound} characters` : `must be at most ${bound} characters`;
  }
  const op = min ? (inclusive ? ">=" : ">") : inclusive ? "<=" : "<";
  return `must be ${op} ${bound}`;
}

/**
 * The per-parse zod error map of this API: short, OpenAI-flavoured messages
 * without the field name (the formatter prefixes the path). A schema's own
 * `error` option still wins over it.
 */
export function openAIErrorMap(issue: RawIssue): string {
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return REQUIRED_MESSAGE;
      return `expected ${EXPECTED_NAMES[issue.expected] ?? issue.expected}, got ${describeJsonValue(issue.input)}`;
    case "too_small":
      return sizeMessage(issue.origin, issue.minimum, issue.inclusive ?? true, true);
    case "too_big":
      return sizeMessage(issue.origin, issue.maximum, issue.inclusive ?? true, false);
    case "invalid_value":
      return expectedOneOf(issue.values);
    case "invalid_union":
      // A discriminated union reports the options of its tag; a plain union has no list to show.
      if ("options" in issue && Array.isArray(issue.options)) return expectedOneOf(issue.options);
      return "does not match any accepted form";
    case "unrecognized_keys":
      return `unrecognized field${issue.keys.length === 1 ? "" : "s"} ${quoteAll(issue.keys)}`;
    default:
      return issue.message ?? "is invalid";
  }
}

/** Parse options that install {@link openAIErrorMap}; shared so no object is built per request. */
export const OPENAI_PARSE_OPTIONS = { error: openAIErrorMap } as const;

/** `["messages", 0, "role"]` → `messages[0].role`, OpenAI's notation for `param`. */
export function formatParamPath(path: readonly PathKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out.length > 0 ? `.${String(key)}` : String(key);
  }
  return out;
}

/**
 * A failed union carries one issue list per branch. The branch that got
 * deepest into the value is the one the caller meant (an array of parts with
 * one bad part, not "expected a string"), so report its issue instead.
 */
function deepestBranchIssue(issue: Issue): Issue | undefined {
  if (issue.code !== "invalid_union") return undefined;
  let best: Issue | undefined;
  for (const branch of issue.errors) {
    const first = branch[0];
    if (first && first.path.length > 0 && (!best || first.path.length > best.path.length)) {
      best = first;
    }
  }
  return best;
}

function codeFor(issue: Issue): string {
  if (issue.message === REQUIRED_MESSAGE) return "missing_required_parameter";
  return issue.code === "invalid_type" ? "invalid_type" : "invalid_value";
}

/**
 * Turns the first issue of a zod error (OpenAI reports one problem at a time)
 * into an {@link OpenAIRequestError} whose message starts with the field path,
 * e.g. `messages[0].role: expected one of "system", ...`.
 */
export function zodErrorToOpenAIRequestError(error: z.ZodError): OpenAIRequestError {
  let issue = error.issues[0] as Issue | undefined;
  if (!issue) {
    return { status: 400, message: "invalid request body", param: null, code: "invalid_value" };
  }

  let path: PathKey[] = issue.path;
  for (let inner = deepestBranchIssue(issue); inner; inner = deepestBranchIssue(issue)) {
    path = path.concat(inner.path);
    issue = inner;
  }

  if (issue.code === "unrecognized_keys") {
    // Name the key itself, so `param` points at what the caller must remove.
    const key = String(issue.keys[0]);
    const keyPath = formatParamPath(path.concat(key));
    const others = issue.keys.length > 1 ? ` (also: ${issue.keys.slice(1).join(", ")})` : "";
    const what = path.length === 0 ? "unrecognized request argument" : "unrecognized field";
    return {
      status: 400,
      message: `${keyPath}: ${what}${others}`,
      param: keyPath,
      code: "unknown_parameter",
    };
  }

  const param = formatParamPath(path);
  return {
    status: 400,
    message: `${param || "body"}: ${issue.message}`,
    param: param || null,
    code: codeFor(issue),
  };
}
