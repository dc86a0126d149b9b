import {
  isProviderError,
  type ProviderCapabilities,
  type ProviderError,
} from "@oss-ai-agent-tool/core";
import { rejectionOf } from "@oss-ai-agent-tool/testkit";

/** Capabilities with only plain chat on, plus `overrides`. */
export function capabilities(overrides: Partial<ProviderCapabilities> = {}): ProviderCapabilities {
  return {
    chat: true,
    stream: false,
    tools: false,
    embeddings: false,
    vision: false,
    responseFormat: false,
    reasoning: false,
    ...overrides,
  };
}

/** The rejection of `promise`, which must be a ProviderError. */
export async function providerErrorOf(promise: Promise<unknown>): Promise<ProviderError> {
  const err = await rejectionOf(promise);
  if (!isProviderError(err)) throw new Error(`expected a ProviderError, got ${String(err)}`);
  return err;
}
