import { HTTPClient, Mistral } from "@mistralai/mistralai";
import type { FetchFunction } from "@oss-ai-agent-tool/core";

/** The SDK's `fetcher` hook type. */
export type MistralFetcher = NonNullable<ConstructorParameters<typeof HTTPClient>[0]>["fetcher"];

/**
 * Adapts the injected egress `fetch` to the SDK's `fetcher` hook. The SDK
 * hands over a ready `Request`; its body (always an in-memory JSON string)
 * is read back into bytes so the request goes out with a `content-length`
 * and stays replayable on a 307/308, as a stream body would not.
 */
export function egressFetcher(fetch: FetchFunction): NonNullable<MistralFetcher> {
  return async (input, init) => {
    if (!(input instanceof Request) || init !== undefined) return fetch(input, init);
    const body = input.body === null ? undefined : new Uint8Array(await input.arrayBuffer());
    return fetch(input.url, {
      method: input.method,
      headers: input.headers,
      signal: input.signal,
      redirect: input.redirect,
      ...(body !== undefined ? { body } : {}),
    });
  };
}

/**
 * The SDK's `serverURL` for a configured base URL. The SDK adds `/v1/...` to
 * every path, so a trailing `/v1` (as OpenAI-style configs write it) is
 * dropped rather than doubled. Pure.
 */
export function toMistralServerURL(baseURL: string | undefined): string | undefined {
  if (baseURL === undefined) return undefined;
  return baseURL.replace(/\/+$/, "").replace(/\/v1$/, "");
}

/** What one SDK client is built from. */
export interface MistralClientOptions {
  apiKey: string;
  baseURL?: string | undefined;
  fetch: FetchFunction;
}

/**
 * Builds the official SDK client: requests go through the injected egress
 * fetch, and the SDK's own retries are off because core's runners retry.
 */
export function createMistralClient(options: MistralClientOptions): Mistral {
  const serverURL = toMistralServerURL(options.baseURL);
  return new Mistral({
    apiKey: options.apiKey,
    httpClient: new HTTPClient({ fetcher: egressFetcher(options.fetch) }),
    retryConfig: { strategy: "none" },
    ...(serverURL !== undefined ? { serverURL } : {}),
  });
}
