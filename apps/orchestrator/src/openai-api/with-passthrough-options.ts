import type { ChatRequest } from "@oss-ai-agent-tool/core";

/**
 * Hands the collected OpenAI passthrough parameters to the provider the
 * router picked, as its `providerOptions[providerId]`. Keys the client set
 * explicitly in `provider_options` win, since they were aimed at that
 * provider. Returns `request` itself when there is nothing to add; otherwise
 * a shallow copy, so a request retried on another provider stays clean.
 */
export function withPassthroughOptions<T extends Omit<ChatRequest, "model">>(
  request: T,
  providerId: string,
  passthrough: Readonly<Record<string, unknown>>,
): T {
  let empty = true;
  for (const _ in passthrough) {
    empty = false;
    break;
  }
  if (empty) return request;
  const own = request.providerOptions?.[providerId];
  return {
    ...request,
    providerOptions: { ...request.providerOptions, [providerId]: { ...passthrough, ...own } },
  };
}
