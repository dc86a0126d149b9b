import {
  isProviderError,
  type ProviderCapabilities,
  type ProviderError,
} from "@oss-ai-agent-tool/core";

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
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isProviderError(err)) throw new Error(`expected a ProviderError, got ${String(err)}`);
  return err;
}
