import type { ChatResponse } from "../types/chat-response.js";
import type { FinishReason } from "../types/finish-reason.js";
import { ProviderError } from "./provider-error.js";

/** The error for a reply with no text, no tool calls and no reason to be empty. */
export function emptyResponseError(provider: string): ProviderError {
  return new ProviderError(`${provider}: provider returned an empty response`, {
    status: 502,
    code: "empty_response",
    provider,
    retryable: false,
  });
}

/**
 * Whether an empty reply is legitimate: a filtered or truncated reply may
 * carry no text, and the client must see that reason rather than an error.
 */
export function emptyIsExplained(reason: FinishReason): boolean {
  return reason === "content_filter" || reason === "length" || reason === "tool_calls";
}

/** Throws {@link emptyResponseError} for a reply that carries nothing. */
export function assertNotEmpty(response: ChatResponse): ChatResponse {
  const empty =
    response.output.length === 0 &&
    (response.toolCalls?.length ?? 0) === 0 &&
    !response.reasoning &&
    !emptyIsExplained(response.finishReason);
  if (empty) throw emptyResponseError(response.provider);
  return response;
}
