/**
 * What `oaat` exit codes mean, so scripts can tell a bad config from a
 * failing upstream.
 */
export const EXIT_CODES = {
  ok: 0,
  /** The command ran and failed: the upstream refused, the port was taken, a plugin is broken. */
  failure: 1,
  /** Bad command line: unknown command or flag, missing argument. */
  usage: 2,
  /** The config is invalid or names something that does not exist. */
  config: 3,
} as const;

/** One of {@link EXIT_CODES}. */
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];
