import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import type { FetchFunction } from "@oss-ai-agent-tool/core";
import {
  type HttpHandler,
  type HttpHandlerOptions,
  type HttpRequest,
  HttpResponse,
} from "@smithy/protocol-http";

/** RFC 3986 encoding, as SigV4 canonicalizes a query string. */
function escapeUri(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** The query string of a request, in the key order the SDK gave (it signed these exact pairs). */
export function buildQueryString(query: HttpRequest["query"] | undefined): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query ?? {})) {
    const name = escapeUri(key);
    if (value === null || value === undefined) parts.push(name);
    else if (Array.isArray(value))
      for (const item of value) parts.push(`${name}=${escapeUri(item)}`);
    else parts.push(`${name}=${escapeUri(value)}`);
  }
  return parts.join("&");
}

/** The absolute URL of an SDK request. The path is already percent-encoded (`%3A` in model ids). */
export function requestUrl(request: HttpRequest): string {
  const port = request.port ? `:${request.port}` : "";
  const query = buildQueryString(request.query);
  return `${request.protocol}//${request.hostname}${port}${request.path}${query ? `?${query}` : ""}`;
}

function toHeaderRecord(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = value;
  });
  return out;
}

/**
 * The AWS SDK's request handler, sending every request through the gateway's
 * egress-checked `fetch` (HTTP/1.1 over undici) instead of the SDK's own
 * HTTP/2 handler, so the egress policy sees every byte the SDK sends.
 *
 * The response body is handed to the SDK as a Node `Readable`, which is what
 * its Node event-stream parser and body collector expect (and an async
 * iterable, so a broken stream fails the iteration rather than an event
 * handler). The SDK's `abortSignal` is passed to `fetch`, so the runner's
 * timeout and the caller's abort reach the socket. Destroying it releases
 * nothing: the `fetch` belongs to the orchestrator.
 */
export class EgressHttpHandler implements HttpHandler<Record<string, never>> {
  readonly metadata = { handlerProtocol: "http/1.1" };
  readonly #fetch: FetchFunction;

  constructor(fetch: FetchFunction) {
    this.#fetch = fetch;
  }

  async handle(
    request: HttpRequest,
    options: HttpHandlerOptions = {},
  ): Promise<{ response: HttpResponse }> {
    const signal = options.abortSignal as AbortSignal | undefined;
    const method = request.method.toUpperCase();
    const body = method === "GET" || method === "HEAD" ? undefined : request.body;
    const res = await this.#fetch(requestUrl(request), {
      method,
      headers: request.headers,
      ...(body !== undefined && body !== null
        ? { body: body as NonNullable<RequestInit["body"]> }
        : {}),
      ...(signal ? { signal } : {}),
    });
    return {
      response: new HttpResponse({
        statusCode: res.status,
        reason: res.statusText,
        headers: toHeaderRecord(res.headers),
        body: res.body
          ? Readable.fromWeb(res.body as NodeReadableStream<Uint8Array>)
          : Readable.from([]),
      }),
    };
  }

  updateHttpClientConfig(): void {}

  httpHandlerConfigs(): Record<string, never> {
    return {};
  }

  destroy(): void {}
}
