import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { fault, json, raw, sse } from "../../src/mock-upstream/index.js";
import { openaiChunk, useMockUpstream } from "./helpers.js";

const completion = {
  id: "chatcmpl-1",
  object: "chat.completion",
  created: 1_700_000_000,
  model: "gpt-mock",
  choices: [
    {
      index: 0,
      message: { role: "assistant", content: "ok", refusal: null },
      finish_reason: "stop",
      logprobs: null,
    },
  ],
};
const stream = sse(
  [{ data: openaiChunk("a") }, { data: openaiChunk("b") }, { data: openaiChunk("c") }],
  { done: true },
);
const params = { model: "gpt-mock", messages: [{ role: "user" as const, content: "Hi" }] };

describe("faults, as seen by the openai SDK", () => {
  const start = useMockUpstream();
  const client = (url: string, extra: Partial<ConstructorParameters<typeof OpenAI>[0]> = {}) =>
    new OpenAI({ apiKey: "sk-test", baseURL: `${url}/v1`, maxRetries: 0, ...extra });

  async function readAll(
    url: string,
    signal?: AbortSignal,
  ): Promise<{ text: string; error: unknown }> {
    let text = "";
    try {
      const s = await client(url).chat.completions.create(
        { ...params, stream: true },
        signal ? { signal } : {},
      );
      for await (const chunk of s) text += chunk.choices[0]?.delta.content ?? "";
      return { text, error: undefined };
    } catch (error) {
      return { text, error };
    }
  }

  it("status: 503 then 502 (FIFO once) then 200 with maxRetries: 2", async () => {
    const upstream = await start();
    upstream.on("POST", "/v1/chat/completions", json(completion));
    upstream.once(
      "POST",
      "/v1/chat/completions",
      fault.status(503, { headers: { "retry-after-ms": "5" } }),
    );
    upstream.once(
      "POST",
      "/v1/chat/completions",
      fault.status(502, { headers: { "retry-after-ms": "5" } }),
    );
    const result = await client(upstream.url, { maxRetries: 2 }).chat.completions.create(params);
    expect(result.choices[0]?.message.content).toBe("ok");
    expect(upstream.requests.map((r) => r.headers["x-stainless-retry-count"])).toEqual([
      "0",
      "1",
      "2",
    ]);
  });

  it("status: passes retry-after as an HTTP-date and a custom body", async () => {
    const upstream = await start();
    const date = new Date(Date.now() + 60_000).toUTCString();
    upstream.on(
      "POST",
      "/v1/chat/completions",
      fault.status(429, {
        headers: { "retry-after": date },
        body: { error: { message: "slow down", type: "requests" } },
      }),
    );
    const error = await client(upstream.url)
      .chat.completions.create(params)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    const apiError = error as InstanceType<typeof OpenAI.RateLimitError>;
    expect(apiError.headers.get("retry-after")).toBe(date);
    expect(apiError.message).toContain("slow down");
  });

  it("hang: the client timeout fires and the abort reaches upstream", async () => {
    const upstream = await start();
    upstream.on("POST", "/v1/chat/completions", fault.hang());
    const error = await client(upstream.url, { timeout: 150 })
      .chat.completions.create(params)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIConnectionTimeoutError);
    await upstream.waitForAbortedRequests(1);
    expect(upstream.abortedRequests).toBe(1);
  });

  it("hangAfterHeaders: the response starts but no chunk ever arrives", async () => {
    const upstream = await start();
    upstream.on("POST", "/v1/chat/completions", fault.hangAfterHeaders());
    const started = Date.now();
    const { text } = await readAll(upstream.url, AbortSignal.timeout(150));
    // The openai SDK ends a stream quietly when its signal aborts; what matters is that it hung.
    expect(text).toBe("");
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    await upstream.waitForAbortedRequests(1);
  });

  it("stallAfter: two chunks, then silence until the client gives up", async () => {
    const upstream = await start();
    upstream.on("POST", "/v1/chat/completions", fault.stallAfter(stream, { afterEvents: 2 }));
    const started = Date.now();
    const { text } = await readAll(upstream.url, AbortSignal.timeout(200));
    expect(text).toBe("ab");
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    await upstream.waitForAbortedRequests(1);
  });

  it("resetBeforeResponse: a connection error, not counted as a client abort", async () => {
    const upstream = await start();
    upstream.on("POST", "/v1/chat/completions", fault.resetBeforeResponse());
    const error = await client(upstream.url)
      .chat.completions.create(params)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIConnectionError);
    expect(upstream.requests).toHaveLength(1);
    expect(upstream.abortedRequests).toBe(0);
  });

  it("resetAfter(afterEvents): the stream fails after the first events", async () => {
    const upstream = await start();
    upstream.on("POST", "/v1/chat/completions", fault.resetAfter(stream, { afterEvents: 2 }));
    const { text, error } = await readAll(upstream.url);
    expect(text).toBe("ab");
    expect(error).toBeInstanceOf(Error);
  });

  it("resetAfter(afterBytes) on a JSON body: a short body against its content-length", async () => {
    const upstream = await start();
    upstream.on(
      "POST",
      "/v1/chat/completions",
      fault.resetAfter(json(completion), { afterBytes: 20 }),
    );
    const error = await client(upstream.url)
      .chat.completions.create(params)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
  });

  it("malformedJson: the SDK reports unparseable JSON", async () => {
    const upstream = await start();
    upstream.on("POST", "/v1/chat/completions", fault.malformedJson());
    const error = await client(upstream.url)
      .chat.completions.create(params)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(String(error)).toMatch(/JSON/i);
  });

  it("truncate: the stream ends cleanly without the final events", async () => {
    const upstream = await start();
    upstream.on("POST", "/v1/chat/completions", fault.truncate(stream, 2));
    const { text, error } = await readAll(upstream.url);
    expect(error).toBeUndefined();
    expect(text).toBe("ab");
  });

  it("slowDrip: the body arrives intact, a few bytes per tick", async () => {
    const upstream = await start();
    const body = "x".repeat(40);
    upstream.on("GET", "/drip", fault.slowDrip(raw(body), { bytesPerTick: 10, tickMs: 20 }));
    const started = Date.now();
    const response = await fetch(`${upstream.url}/drip`);
    expect(await response.text()).toBe(body);
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
  });

  it("the server survives a client that disconnects mid-stream and keeps serving", async () => {
    const upstream = await start();
    upstream.on(
      "POST",
      "/v1/chat/completions",
      sse([{ data: openaiChunk("a") }, { data: openaiChunk("b") }], { delayMs: 300 }),
    );
    upstream.on("GET", "/health", json({ ok: true }));
    const controller = new AbortController();
    const s = await client(upstream.url).chat.completions.create(
      { ...params, stream: true },
      { signal: controller.signal },
    );
    const iterator = s[Symbol.asyncIterator]();
    await iterator.next();
    controller.abort();
    await upstream.waitForAbortedRequests(1);
    expect(upstream.pendingTimers).toBe(0);
    const health = await fetch(`${upstream.url}/health`);
    expect(await health.json()).toEqual({ ok: true });
  });
});
