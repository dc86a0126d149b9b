import { ProviderError } from "@oss-ai-agent-tool/core";

/**
 * The error for a reply that ended with finish reason `error` before it held
 * anything: Mistral's way of failing inside a 200. Retryable, because nothing
 * has reached the client yet and another attempt may succeed.
 */
export function upstreamFinishError(provider: string): ProviderError {
  return new ProviderError(`${provider}: the model stopped with an error before any output`, {
    status: 502,
    code: "upstream_error",
    provider,
    retryable: true,
  });
}
