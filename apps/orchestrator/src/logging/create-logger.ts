import { redactSecrets } from "@oss-ai-agent-tool/core";
import { type DestinationStream, type Logger as PinoLogger, pino } from "pino";

/** Header and field paths whose values never reach a log line. */
export const REDACTED_PATHS = [
  "req.headers.authorization",
  'req.headers["x-api-key"]',
  'req.headers["api-key"]',
  "req.headers.cookie",
  'res.headers["set-cookie"]',
  "*.apiKey",
  "*.api_key",
  "*.password",
  "*.secret",
  "*.token",
];

function serializeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: redactSecrets(String(err)) };
  const out: Record<string, unknown> = {
    type: err.name,
    message: redactSecrets(err.message),
  };
  const { status, code } = err as { status?: unknown; code?: unknown };
  if (status !== undefined) out.status = status;
  if (code !== undefined) out.code = code;
  if (err.stack) out.stack = redactSecrets(err.stack);
  return out;
}

/** Options of {@link createLogger}. */
export interface CreateLoggerOptions {
  level: string;
  /** Where lines go; stdout by default. Tests pass a capturing stream. */
  destination?: DestinationStream;
}

/**
 * The gateway's pino logger: JSON lines, credentials redacted by path, and
 * error messages and stacks passed through core's secret redaction (an
 * upstream may echo a key back in an error body).
 */
export function createLogger(options: CreateLoggerOptions): PinoLogger {
  return pino(
    {
      level: options.level,
      base: { service: "oaat" },
      redact: { paths: REDACTED_PATHS, censor: "[REDACTED]" },
      serializers: { err: serializeError, error: serializeError },
    },
    options.destination,
  );
}
