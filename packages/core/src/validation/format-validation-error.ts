import type { z } from "zod";

/** One validation failure: where it is, and what was expected there. */
export interface ValidationIssue {
  /** Dotted path of the bad field, e.g. `oaat.capabilities.chat`; empty for the root. */
  path: string;
  message: string;
}

function joinPath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out.length > 0 ? `.${String(key)}` : String(key);
  }
  return out;
}

/** Flattens a zod error into path + message pairs, each path prefixed with `prefix`. */
export function toValidationIssues(error: z.ZodError, prefix = ""): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: joinPath(prefix, issue.path),
    message: issue.message,
  }));
}

/**
 * One line per failure, each naming the field and what was expected, e.g.
 * `oaat.id: must be lowercase letters, digits, "-" or "_" (got "Open AI")`.
 */
export function formatValidationError(error: z.ZodError, prefix = ""): string {
  return toValidationIssues(error, prefix)
    .map((issue) => `${issue.path || "(root)"}: ${issue.message}`)
    .join("\n");
}
