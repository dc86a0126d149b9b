import { ProviderError } from "../errors/provider-error.js";

/** Why the egress policy refused a destination. */
export type EgressBlockReason =
  | "not_allowlisted"
  | "private_address"
  | "invalid_url"
  | "scheme_not_allowed";

const EXPLANATIONS: Record<EgressBlockReason, string> = {
  not_allowlisted: "the host is not on the egress allowlist",
  private_address:
    "it is a private, loopback, link-local or metadata address that no allow entry names explicitly",
  invalid_url: "the URL does not parse",
  scheme_not_allowed: "only http: and https: are allowed",
};

/**
 * Thrown when the egress policy refuses a request in `enforce` mode. A
 * {@link ProviderError} with status 403 and code `egress_blocked`, never
 * retryable. The message names the provider and the host only: the full URL
 * may carry a key in its query string.
 */
export class EgressBlockedError extends ProviderError {
  /** The host (with port, when not the default) that was refused. */
  readonly host: string;
  /** Why it was refused. */
  readonly reason: EgressBlockReason;

  constructor(providerId: string, host: string, reason: EgressBlockReason, address?: string) {
    const target = address !== undefined ? `${host} (resolved to ${address})` : host;
    super(
      `Egress to ${target || "(no host)"} blocked for provider ${providerId}: ${EXPLANATIONS[reason]}`,
      {
        status: 403,
        code: "egress_blocked",
        provider: providerId,
        retryable: false,
      },
    );
    this.host = host;
    this.reason = reason;
  }
}

/** True for an {@link EgressBlockedError}, also one built by another copy of core. */
export function isEgressBlockedError(err: unknown): err is EgressBlockedError {
  return (
    err instanceof EgressBlockedError ||
    (typeof err === "object" &&
      err !== null &&
      (err as { code?: unknown }).code === "egress_blocked" &&
      typeof (err as { host?: unknown }).host === "string")
  );
}
