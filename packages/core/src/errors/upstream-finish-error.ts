import { ProviderError } from "./provider-error.js";

/**
 * The error for a reply that ended with an `error` finish reason before it
 * held anything: how some providers (Mistral, Gemini's
 * `MALFORMED_FUNCTION_CALL`) fail inside a 200. Retryable, because nothing
 * has reached the client yet and another attempt often succeeds.
 */
export function upstreamFinishError(provider: string, rawFinishReason = "an error"): ProviderError {
  return new ProviderError(
    `${provider}: the model stopped with ${rawFinishReason} before any output`,
    { status: 502, code: "upstream_error", provider, retryable: true },
  );
}
