import { ProviderError } from "@oss-ai-agent-tool/core";

/**
 * The error for a request the provider cannot send as it is: a 400 that
 * names what is wrong, never retried.
 */
export function invalidRequestError(
  provider: string,
  code: string,
  message: string,
): ProviderError {
  return new ProviderError(`${provider}: ${message}`, {
    status: 400,
    code,
    provider,
    retryable: false,
  });
}
