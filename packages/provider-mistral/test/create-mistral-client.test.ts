import type { FetchFunction } from "@oss-ai-agent-tool/core";
import { describe, expect, it } from "vitest";
import { egressFetcher, toMistralServerURL } from "../src/index.js";

describe("toMistralServerURL", () => {
  it.each([
    [undefined, undefined],
    ["https://api.mistral.ai", "https://api.mistral.ai"],
    ["https://api.mistral.ai/", "https://api.mistral.ai"],
    ["https://api.mistral.ai/v1", "https://api.mistral.ai"],
    ["https://api.mistral.ai/v1/", "https://api.mistral.ai"],
    ["http://proxy.local:8080/mistral/v1", "http://proxy.local:8080/mistral"],
    ["http://proxy.local/v1beta", "http://proxy.local/v1beta"],
  ])("%s becomes %s", (input, expected) => {
    expect(toMistralServerURL(input)).toBe(expected);
  });
});

describe("egressFetcher", () => {
  const recording = () => {
    const calls: Array<{ input: unknown; init: RequestInit | undefined }> = [];
    const fetch = (async (input: unknown, init?: RequestInit) => {
      calls.push({ input, init });
      return new Response("ok");
    }) as FetchFunction;
    return { calls, fetcher: egressFetcher(fetch) };
  };

  it("sends a Request's body as bytes, with its method, headers, signal and redirect mode", async () => {
    const { calls, fetcher } = recording();
    const controller = new AbortController();
    const request = new Request("http://127.0.0.1:1/v1/chat/completions", {
      method: "POST",
      headers: { authorization: "Bearer k", "content-type": "application/json" },
      body: '{"a":1}',
      signal: controller.signal,
    });
    await fetcher(request);
    const [call] = calls;
    expect(call?.input).toBe("http://127.0.0.1:1/v1/chat/completions");
    expect(call?.init?.method).toBe("POST");
    expect(new Headers(call?.init?.headers).get("authorization")).toBe("Bearer k");
    expect(new TextDecoder().decode(call?.init?.body as Uint8Array)).toBe('{"a":1}');
    expect(call?.init?.redirect).toBe("follow");
    controller.abort();
    expect(call?.init?.signal?.aborted).toBe(true);
  });

  it("sends a bodiless Request without a body", async () => {
    const { calls, fetcher } = recording();
    await fetcher(new Request("http://127.0.0.1:1/v1/models"));
    expect(calls[0]?.init).not.toHaveProperty("body");
    expect(calls[0]?.init?.method).toBe("GET");
  });

  it("passes a URL with init straight through", async () => {
    const { calls, fetcher } = recording();
    const init = { method: "GET" };
    await fetcher("http://127.0.0.1:1/x", init);
    expect(calls[0]).toEqual({ input: "http://127.0.0.1:1/x", init });
  });
});
