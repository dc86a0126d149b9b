import { ProviderError } from "./provider-error.js";

/** The error a call gets when its caller aborted it. */
export function abortedError(provider: string, cause?: unknown): ProviderError {
  return new ProviderError(`${provider}: request aborted`, {
    status: 499,
    code: "aborted",
    provider,
    retryable: false,
    cause,
  });
}

/** The error a call gets when its time ran out. Retryable: another attempt may be faster. */
export function timeoutError(provider: string, what: string, ms: number): ProviderError {
  return new ProviderError(`${provider}: ${what} timed out after ${ms} ms`, {
    status: 504,
    code: "timeout",
    provider,
    retryable: true,
  });
}

/** The error a call gets when its overall deadline has already passed. Not retryable. */
export function deadlineExceededError(provider: string): ProviderError {
  return new ProviderError(`${provider}: deadline exceeded`, {
    status: 504,
    code: "deadline_exceeded",
    provider,
    retryable: false,
  });
}
