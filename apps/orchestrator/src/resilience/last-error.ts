import { redactSecrets } from "@oss-ai-agent-tool/core";

/** The most recent error seen, in a shape safe to show on a status page. */
export interface LastError {
  /** Redacted and cut to {@link MAX_LAST_ERROR_MESSAGE_LENGTH} characters. */
  message: string;
  code?: string;
  status?: number;
  /** When it was recorded, as an ISO 8601 string. */
  at: string;
}

/** What {@link LastErrorHolder.record} accepts: any error-like value. */
export interface ErrorLike {
  message: string;
  code?: string;
  status?: number;
}

/** Longest message kept, so an upstream that returns a whole HTML page cannot bloat the status output. */
export const MAX_LAST_ERROR_MESSAGE_LENGTH = 500;

/**
 * Holds the last error of one provider. Messages are redacted before they are
 * cut, so a secret cannot survive half-truncated past the redactor.
 */
export class LastErrorHolder {
  readonly #now: () => number;
  #last: LastError | undefined;

  /** @param now - Wall-clock milliseconds for the `at` stamp. Default `Date.now`. */
  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** The last recorded error, or `undefined` if none (or cleared). */
  get value(): LastError | undefined {
    return this.#last;
  }

  /** Replaces the held error with `error`, stamped with the current time. */
  record(error: ErrorLike): void {
    const message = redactSecrets(error.message).slice(0, MAX_LAST_ERROR_MESSAGE_LENGTH);
    const last: LastError = { message, at: new Date(this.#now()).toISOString() };
    if (error.code !== undefined) last.code = error.code;
    if (error.status !== undefined) last.status = error.status;
    this.#last = last;
  }

  /** Forgets the held error, e.g. once the provider is healthy again. */
  clear(): void {
    this.#last = undefined;
  }
}
