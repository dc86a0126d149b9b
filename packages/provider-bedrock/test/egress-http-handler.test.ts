import type { FetchFunction } from "@oss-ai-agent-tool/core";
import { HttpRequest } from "@smithy/protocol-http";
import { describe, expect, it } from "vitest";
import { buildQueryString, EgressHttpHandler, requestUrl } from "../src/index.js";

const request = (overrides: Partial<ConstructorParameters<typeof HttpRequest>[0]> = {}) =>
  new HttpRequest({
    protocol: "https:",
    hostname: "bedrock-runtime.us-east-1.amazonaws.com",
    method: "POST",
    path: "/model/amazon.nova-lite-v1%3A0/converse",
    headers: { "content-type": "application/json" },
    body: "{}",
    ...overrides,
  });

describe("requestUrl", () => {
  it("keeps the SDK's percent-encoded path, and adds a port and the query", () => {
    expect(requestUrl(request())).toBe(
      "https://bedrock-runtime.us-east-1.amazonaws.com/model/amazon.nova-lite-v1%3A0/converse",
    );
    expect(
      requestUrl(
        request({ protocol: "http:", hostname: "127.0.0.1", port: 8080, query: { a: "b c" } }),
      ),
    ).toBe("http://127.0.0.1:8080/model/amazon.nova-lite-v1%3A0/converse?a=b%20c");
  });

  it("encodes a query as SigV4 canonicalizes it", () => {
    expect(buildQueryString({ "k!": "(v)*'", list: ["1", "2"], flag: null })).toBe(
      "k%21=%28v%29%2A%27&list=1&list=2&flag",
    );
    expect(buildQueryString(undefined)).toBe("");
  });
});

describe("EgressHttpHandler", () => {
  it("sends through the given fetch and hands back status, headers and a Node stream body", async () => {
    const seen: Array<{ url: string; init: RequestInit | undefined }> = [];
    const fetch: FetchFunction = async (url, init) => {
      seen.push({ url: String(url), init });
      return new Response('{"ok":true}', {
        status: 201,
        statusText: "Created",
        headers: { "x-amzn-requestid": "r1" },
      });
    };
    const controller = new AbortController();
    const handler = new EgressHttpHandler(fetch);
    const { response } = await handler.handle(request(), { abortSignal: controller.signal });
    expect(seen[0]?.url).toBe(
      "https://bedrock-runtime.us-east-1.amazonaws.com/model/amazon.nova-lite-v1%3A0/converse",
    );
    expect(seen[0]?.init).toMatchObject({
      method: "POST",
      body: "{}",
      headers: { "content-type": "application/json" },
      signal: controller.signal,
    });
    expect(response.statusCode).toBe(201);
    expect(response.reason).toBe("Created");
    expect(response.headers["x-amzn-requestid"]).toBe("r1");
    const chunks: Buffer[] = [];
    for await (const chunk of response.body as AsyncIterable<Buffer>) chunks.push(chunk);
    expect(Buffer.concat(chunks).toString()).toBe('{"ok":true}');
    expect(handler.metadata.handlerProtocol).toBe("http/1.1");
    expect(handler.httpHandlerConfigs()).toEqual({});
    handler.updateHttpClientConfig();
    handler.destroy();
  });

  it("sends no body with a GET, and gives an empty stream for a reply without one", async () => {
    let init: RequestInit | undefined;
    const handler = new EgressHttpHandler(async (_url, i) => {
      init = i;
      return new Response(null, { status: 204 });
    });
    const { response } = await handler.handle(request({ method: "GET", body: "ignored" }));
    expect(init).not.toHaveProperty("body");
    expect(init).not.toHaveProperty("signal");
    const chunks: unknown[] = [];
    for await (const chunk of response.body as AsyncIterable<unknown>) chunks.push(chunk);
    expect(chunks).toEqual([]);
  });
});
