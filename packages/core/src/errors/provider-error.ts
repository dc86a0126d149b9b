import { redactSecrets } from "./redact-secrets.js";

/** Options of a {@link ProviderError}. */
export interface ProviderErrorOptions {
  /** HTTP status to report to the client (upstream status, or 502/504/499 for transport failures). */
  status: number;
  /** A stable machine-readable code, e.g. `rate_limited`, `timeout`, `egress_blocked`. */
  code?: string;
  /** The provider id the error came from. */
  provider: string;
  /** Whether trying the same call again may succeed. */
  retryable: boolean;
  /** How long the upstream asked us to wait before retrying. */
  retryAfterMs?: number;
  /** The original error. Kept for debugging; never serialized. */
  cause?: unknown;
}

/** The JSON form of a {@link ProviderError}: safe to send to a client or a log. */
export interface ProviderErrorJson {
  name: "ProviderError";
  message: string;
  status: number;
  code?: string;
  provider: string;
  retryable: boolean;
  retryAfterMs?: number;
}

/**
 * The one error type providers throw. Its message is scrubbed of credentials
 * when it is built, and its JSON leaves out `cause`, so it is safe to log and
 * to return to clients.
 */
export class ProviderError extends Error {
  override readonly name = "ProviderError";
  readonly status: number;
  readonly code: string | undefined;
  readonly provider: string;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options: ProviderErrorOptions) {
    super(redactSecrets(message));
    this.status = options.status;
    this.code = options.code;
    this.provider = options.provider;
    this.retryable = options.retryable;
    this.retryAfterMs = options.retryAfterMs;
    // Non-enumerable, so serializers that walk own properties skip the raw upstream error.
    Object.defineProperty(this, "cause", {
      value: options.cause,
      enumerable: false,
      writable: false,
      configurable: true,
    });
  }

  /** A credential-free plain object. */
  toJSON(): ProviderErrorJson {
    const json: ProviderErrorJson = {
      name: "ProviderError",
      message: this.message,
      status: this.status,
      provider: this.provider,
      retryable: this.retryable,
    };
    if (this.code !== undefined) json.code = this.code;
    if (this.retryAfterMs !== undefined) json.retryAfterMs = this.retryAfterMs;
    return json;
  }
}

/** True for a {@link ProviderError}, also one built by another copy of core. */
export function isProviderError(err: unknown): err is ProviderError {
  return (
    err instanceof ProviderError ||
    (typeof err === "object" &&
      err !== null &&
      (err as { name?: unknown }).name === "ProviderError" &&
      typeof (err as { status?: unknown }).status === "number" &&
      typeof (err as { retryable?: unknown }).retryable === "boolean")
  );
}
