import type { ProviderError } from "@oss-ai-agent-tool/core";
import { type OpenAIErrorBody, toOpenAIErrorBody } from "./openai-error-body.js";

/** What the gateway answers for a failed provider call. */
export interface OpenAIErrorResponse {
  status: number;
  body: OpenAIErrorBody;
  /** Lower-case header names to set on the reply. */
  headers: Record<string, string>;
}

/** The fields of a {@link ProviderError} the mapping reads; a copy from another core version fits too. */
export type ProviderErrorFields = Pick<
  ProviderError,
  "message" | "status" | "code" | "retryable" | "retryAfterMs"
>;

/**
 * Codes of the gateway's own "not available right now" errors (the router's
 * open circuit, the plugin host's disabled, unconfigured or broken provider,
 * a routing mode with no usable provider).
 * No upstream answered, so 502 ("the upstream sent a bad reply") would
 * mislead; they mean 503, and an open circuit's Retry-After only makes sense
 * on a 503.
 */
const GATEWAY_UNAVAILABLE_CODES: ReadonlySet<string> = new Set([
  "circuit_open",
  "provider_disabled",
  "provider_unconfigured",
  "provider_broken",
  "no_provider_available",
]);

/**
 * The status the gateway answers with for an upstream status. The client's
 * request was fine whenever the gateway's own credentials or network failed,
 * so those become 5xx; genuine client errors pass through.
 */
function gatewayStatus(status: number, code: string | undefined): number {
  if (status === 401 || status === 403) return 502;
  if (status === 429 || status === 499) return status;
  if (status === 408 || status === 504 || code === "timeout" || code === "deadline_exceeded") {
    return 504;
  }
  // 529 is Anthropic's "overloaded": the standard word for it is 503.
  if (status === 529) return 503;
  if (status === 503 && code !== undefined && GATEWAY_UNAVAILABLE_CODES.has(code)) return 503;
  if (status >= 400 && status < 500) return status;
  // A non-HTTP failure inside the gateway or a plugin (normalizeProviderError's
  // `internal_error`) is ours, not the upstream's.
  if (status === 500 && code === "internal_error") return 500;
  return 502;
}

/**
 * A {@link ProviderError} → the status, OpenAI error body and headers the
 * gateway should answer with:
 *
 * - upstream 4xx other than 401/403/429 pass through: bad model, bad params;
 * - upstream 401/403 → 502 `upstream_auth_failed` (or `egress_blocked`): the
 *   gateway's upstream key or egress policy is wrong, not the client's key;
 * - 429 stays 429; 499 (client went away) stays 499;
 * - 408, 504 and timeouts → 504; 529 → 503; the gateway's own 503s (open
 *   circuit, provider disabled, unconfigured or broken) stay 503; other 5xx
 *   and network errors → 502;
 * - `Retry-After` (whole seconds, rounded up) and `retry-after-ms` when the
 *   upstream said how long to wait; the official SDKs read the latter first;
 * - `x-should-retry` from `retryable`: the official SDKs obey it over their
 *   status rules, so a client does not retry a failure that cannot heal.
 *
 * The message is the error's own, which `ProviderError` already scrubbed of secrets.
 */
export function providerErrorToOpenAI(err: ProviderErrorFields): OpenAIErrorResponse {
  const status = gatewayStatus(err.status, err.code);
  let code = err.code ?? null;
  if ((err.status === 401 || err.status === 403) && code !== "egress_blocked") {
    code = "upstream_auth_failed";
  }
  // Another try with the same gateway credentials fails the same way.
  const retryable = err.retryable && code !== "upstream_auth_failed";
  const headers: Record<string, string> = { "x-should-retry": retryable ? "true" : "false" };
  if (
    err.retryAfterMs !== undefined &&
    err.retryAfterMs >= 0 &&
    (status === 429 || status >= 500)
  ) {
    headers["retry-after"] = String(Math.ceil(err.retryAfterMs / 1000));
    headers["retry-after-ms"] = String(Math.ceil(err.retryAfterMs));
  }
  return { status, body: toOpenAIErrorBody(status, err.message, code, null), headers };
}
