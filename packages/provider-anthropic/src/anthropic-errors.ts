import { ProviderError } from "@oss-ai-agent-tool/core";

/**
 * The error for a 2xx reply that cannot be read as what was asked for (not
 * JSON, or not a message). A 502: the upstream, not the client, is at fault,
 * and the same request is unlikely to fare better at once.
 */
export function invalidResponseError(provider: string, cause: unknown): ProviderError {
  return new ProviderError(`${provider}: the upstream reply could not be read`, {
    status: 502,
    code: "invalid_response",
    provider,
    retryable: false,
    cause,
  });
}
