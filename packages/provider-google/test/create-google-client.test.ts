import type { FetchFunction } from "@oss-ai-agent-tool/core";
import { afterEach, describe, expect, it } from "vitest";
import { createGoogleClient, toGoogleEndpoint } from "../src/index.js";

describe("toGoogleEndpoint", () => {
  it.each([
    [undefined, undefined, "https://generativelanguage.googleapis.com", "v1beta"],
    [
      "https://generativelanguage.googleapis.com/",
      undefined,
      "https://generativelanguage.googleapis.com",
      "v1beta",
    ],
    [
      "https://generativelanguage.googleapis.com/v1beta",
      undefined,
      "https://generativelanguage.googleapis.com",
      "v1beta",
    ],
    [
      "https://generativelanguage.googleapis.com/v1/",
      undefined,
      "https://generativelanguage.googleapis.com",
      "v1",
    ],
    [
      "http://proxy.local:8080/gemini/v1alpha",
      undefined,
      "http://proxy.local:8080/gemini",
      "v1alpha",
    ],
    ["http://proxy.local/v1beta", "v1", "http://proxy.local", "v1"],
    ["http://proxy.local/gemini", "v1", "http://proxy.local/gemini", "v1"],
  ])("%s (apiVersion %s) → %s + %s", (baseURL, apiVersion, expectedBase, expectedVersion) => {
    expect(toGoogleEndpoint(baseURL, apiVersion)).toEqual({
      baseUrl: expectedBase,
      apiVersion: expectedVersion,
    });
  });
});

describe("createGoogleClient", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  function recording() {
    const calls: Array<{ url: string; init: RequestInit | undefined }> = [];
    const fetch = (async (input: unknown, init?: RequestInit) => {
      calls.push({ url: String(input), init });
      return new Response(
        JSON.stringify({
          candidates: [{ content: { parts: [{ text: "ok" }] }, finishReason: "STOP" }],
        }),
        { headers: { "content-type": "application/json" } },
      );
    }) as FetchFunction;
    return { calls, fetch };
  }

  it("sends every request through the injected fetch, with the key header, to the configured base URL", async () => {
    // Environment the SDK would otherwise read: neither may redirect the client.
    process.env.GOOGLE_GEMINI_BASE_URL = "http://elsewhere.invalid";
    process.env.GOOGLE_GENAI_USE_VERTEXAI = "true";
    const { calls, fetch } = recording();
    const client = createGoogleClient({
      apiKey: "k-1",
      baseURL: "http://127.0.0.1:9/v1beta",
      fetch,
    });
    const controller = new AbortController();
    const res = await client.models.generateContent({
      model: "gemini-2.5-flash",
      contents: "hi",
      config: { abortSignal: controller.signal },
    });
    expect(res.candidates?.[0]?.content?.parts?.[0]?.text).toBe("ok");
    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).toBe("http://127.0.0.1:9/v1beta/models/gemini-2.5-flash:generateContent");
    expect(new Headers(calls[0]?.init?.headers).get("x-goog-api-key")).toBe("k-1");
    // No SDK timeout header: the runner owns timeouts.
    expect(new Headers(calls[0]?.init?.headers).has("x-server-timeout")).toBe(false);
    // The caller's signal reaches the fetch.
    controller.abort();
    expect(calls[0]?.init?.signal?.aborted).toBe(true);
  });

  it("makes one attempt per call: a 503 is not retried by the SDK", async () => {
    let count = 0;
    const fetch = (async () => {
      count += 1;
      return new Response('{"error":{"code":503,"message":"busy","status":"UNAVAILABLE"}}', {
        status: 503,
        headers: { "content-type": "application/json" },
      });
    }) as FetchFunction;
    const client = createGoogleClient({ apiKey: "k", baseURL: "http://127.0.0.1:9", fetch });
    await expect(
      client.models.generateContent({ model: "m", contents: "hi" }),
    ).rejects.toMatchObject({
      name: "GoogleApiError",
      status: 503,
    });
    expect(count).toBe(1);
  });
});
