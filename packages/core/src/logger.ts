/** A log method in pino's shape: an object of fields, then a message. */
export type LogFn = (fields: Record<string, unknown>, message?: string) => void;

/**
 * The logger core and plugins write to. pino's `Logger` satisfies it, so the
 * orchestrator passes its own; core never owns a logger of its own.
 */
export interface Logger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  child?(bindings: Record<string, unknown>): Logger;
}

const noop: LogFn = () => {};

/** A logger that drops everything, for library use without a host. */
export const noopLogger: Logger = { debug: noop, info: noop, warn: noop, error: noop };
