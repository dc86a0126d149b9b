import { ProviderError } from "@oss-ai-agent-tool/core";

/**
 * The error for a reply that ended with an `error` finish reason (such as
 * `MALFORMED_FUNCTION_CALL`) before it held anything. Retryable: nothing has
 * reached the client yet, and Gemini often gets it right on another try.
 */
export function upstreamFinishError(provider: string, rawFinishReason: string): ProviderError {
  return new ProviderError(
    `${provider}: the model stopped with ${rawFinishReason} before any output`,
    {
      status: 502,
      code: "upstream_error",
      provider,
      retryable: true,
    },
  );
}
