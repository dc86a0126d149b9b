import { ProviderError } from "@oss-ai-agent-tool/core";

/**
 * Thrown by the pure mappers when a request cannot be expressed on
 * Anthropic's wire (tool arguments that are not a JSON object, an image type
 * Anthropic does not read). The provider turns it into a 400 `ProviderError`
 * with {@link toInvalidRequestProviderError}; the mappers stay free of I/O.
 */
export class InvalidAnthropicRequestError extends Error {
  override readonly name = "InvalidAnthropicRequestError";
  /** Where in the request the problem is, e.g. `messages[1].toolCalls[0].arguments`. */
  readonly param: string;

  constructor(message: string, param: string) {
    super(message);
    this.param = param;
  }
}

/** The 400 the client gets for an {@link InvalidAnthropicRequestError}. */
export function toInvalidRequestProviderError(
  provider: string,
  err: InvalidAnthropicRequestError,
): ProviderError {
  return new ProviderError(`${provider}: ${err.param}: ${err.message}`, {
    status: 400,
    code: "invalid_request",
    provider,
    retryable: false,
    cause: err,
  });
}
