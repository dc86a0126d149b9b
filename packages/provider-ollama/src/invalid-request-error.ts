import { ProviderError } from "@oss-ai-agent-tool/core";
import { OLLAMA_PROVIDER_ID } from "./ollama-constants.js";

/** A request Ollama cannot take, refused before anything is sent (400, not retryable). */
export function invalidRequestError(message: string): ProviderError {
  return new ProviderError(`${OLLAMA_PROVIDER_ID}: ${message}`, {
    status: 400,
    code: "invalid_request",
    provider: OLLAMA_PROVIDER_ID,
    retryable: false,
  });
}
