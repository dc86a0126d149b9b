import type { Logger } from "@oss-ai-agent-tool/core";

/** One captured log line. */
export interface CapturedLog {
  level: "debug" | "info" | "warn" | "error";
  fields: Record<string, unknown>;
  message?: string;
}

/** A {@link Logger} that keeps every line, so tests can assert on it (or grep it for secrets). */
export interface CapturingLogger extends Logger {
  readonly lines: CapturedLog[];
  /** Every line serialized as JSON, errors included, for grepping. */
  text(): string;
}

function serialize(value: unknown): unknown {
  if (value instanceof Error) {
    return {
      name: value.name,
      message: value.message,
      ...(value as unknown as Record<string, unknown>),
    };
  }
  return value;
}

/** Creates a {@link CapturingLogger}; `child` bindings are merged into each line's fields. */
export function createCapturingLogger(
  bindings: Record<string, unknown> = {},
  lines: CapturedLog[] = [],
): CapturingLogger {
  const log =
    (level: CapturedLog["level"]) =>
    (fields: Record<string, unknown>, message?: string): void => {
      lines.push({
        level,
        fields: { ...bindings, ...fields },
        ...(message !== undefined ? { message } : {}),
      });
    };
  return {
    lines,
    debug: log("debug"),
    info: log("info"),
    warn: log("warn"),
    error: log("error"),
    child: (more) => createCapturingLogger({ ...bindings, ...more }, lines),
    text: () =>
      lines
        .map((line) =>
          JSON.stringify({
            ...line,
            fields: Object.fromEntries(
              Object.entries(line.fields).map(([k, v]) => [k, serialize(v)]),
            ),
          }),
        )
        .join("\n"),
  };
}
