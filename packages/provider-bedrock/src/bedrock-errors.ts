import { ProviderError } from "@oss-ai-agent-tool/core";
import { BEDROCK_PROVIDER_ID } from "./bedrock-settings.js";

/**
 * The error for a request Bedrock cannot take as it is (an image by URL, a
 * tool call whose arguments are not a JSON object): a 400 raised before
 * anything is sent.
 */
export function invalidBedrockRequest(message: string, code = "invalid_request"): ProviderError {
  return new ProviderError(`${BEDROCK_PROVIDER_ID}: ${message}`, {
    status: 400,
    code,
    provider: BEDROCK_PROVIDER_ID,
    retryable: false,
  });
}
