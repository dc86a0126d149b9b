import { ProviderError } from "@oss-ai-agent-tool/core";

/** Options of {@link gatewayError}. */
export interface GatewayErrorOptions {
  /** The provider the error concerns; `gateway` when it is the gateway's own. */
  provider?: string;
  retryable?: boolean;
  retryAfterMs?: number;
  cause?: unknown;
}

/**
 * An error the gateway raises itself (routing, plugin state, limits), in the
 * same {@link ProviderError} shape as upstream failures, so one mapper turns
 * every failure into an OpenAI-style response.
 */
export function gatewayError(
  status: number,
  code: string,
  message: string,
  options: GatewayErrorOptions = {},
): ProviderError {
  return new ProviderError(message, {
    status,
    code,
    provider: options.provider ?? "gateway",
    retryable: options.retryable ?? false,
    ...(options.retryAfterMs !== undefined ? { retryAfterMs: options.retryAfterMs } : {}),
    ...(options.cause !== undefined ? { cause: options.cause } : {}),
  });
}
