import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { fault, json, sse } from "../../src/mock-upstream/index.js";
import { openaiChunk, useMockUpstream } from "./helpers.js";

const chatCompletion = {
  id: "chatcmpl-1",
  object: "chat.completion",
  created: 1_700_000_000,
  model: "gpt-mock",
  choices: [
    {
      index: 0,
      message: { role: "assistant", content: "Hello there", refusal: null },
      finish_reason: "stop",
      logprobs: null,
    },
  ],
  usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 },
};

describe("openai SDK against the mock upstream", () => {
  const start = useMockUpstream();
  const client = (url: string, extra: Partial<ConstructorParameters<typeof OpenAI>[0]> = {}) =>
    new OpenAI({ apiKey: "sk-test", baseURL: `${url}/v1`, maxRetries: 0, ...extra });

  it("returns a JSON chat completion and records the request", async () => {
    const upstream = await start();
    upstream.on("POST", "/v1/chat/completions", json(chatCompletion));
    const result = await client(upstream.url).chat.completions.create({
      model: "gpt-mock",
      messages: [{ role: "user", content: "Hi" }],
    });
    expect(result.choices[0]?.message.content).toBe("Hello there");
    expect(result.usage?.total_tokens).toBe(7);
    expect(upstream.requests).toHaveLength(1);
    const [request] = upstream.requests;
    expect(request?.method).toBe("POST");
    expect(request?.path).toBe("/v1/chat/completions");
    expect(request?.headers.authorization).toBe("Bearer sk-test");
    expect(request?.json()).toMatchObject({
      model: "gpt-mock",
      messages: [{ role: "user", content: "Hi" }],
    });
  });

  it("streams SSE chunks ending with data: [DONE]", async () => {
    const upstream = await start();
    upstream.on(
      "POST",
      "/v1/chat/completions",
      sse(
        [
          { data: openaiChunk("Hel") },
          { data: openaiChunk("lo") },
          { comment: "keep-alive" },
          {
            data: openaiChunk(undefined, {
              usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
            }),
          },
        ],
        { done: true, delayMs: 5 },
      ),
    );
    const stream = await client(upstream.url).chat.completions.create({
      model: "gpt-mock",
      messages: [{ role: "user", content: "Hi" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    let usage: unknown;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? "";
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe("Hello");
    expect(usage).toEqual({ prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 });
  });

  it("once() queues a 429 before the persistent 200 (maxRetries: 1)", async () => {
    const upstream = await start();
    upstream.on("POST", "/v1/chat/completions", json(chatCompletion));
    upstream.once(
      "POST",
      "/v1/chat/completions",
      fault.status(429, { headers: { "retry-after-ms": "10" } }),
    );
    const result = await client(upstream.url, { maxRetries: 1 }).chat.completions.create({
      model: "gpt-mock",
      messages: [{ role: "user", content: "Hi" }],
    });
    expect(result.choices[0]?.message.content).toBe("Hello there");
    expect(upstream.requests).toHaveLength(2);
    expect(upstream.requests[1]?.headers["x-stainless-retry-count"]).toBe("1");
    expect(upstream.pendingOnce).toBe(0);
  });

  it("surfaces a 429 as RateLimitError when retries are exhausted", async () => {
    const upstream = await start();
    upstream.on(
      "POST",
      "/v1/chat/completions",
      fault.status(429, { headers: { "retry-after": "0" } }),
    );
    const error = await client(upstream.url)
      .chat.completions.create({ model: "gpt-mock", messages: [{ role: "user", content: "Hi" }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as InstanceType<typeof OpenAI.RateLimitError>).headers.get("retry-after")).toBe(
      "0",
    );
  });

  it("serves embeddings, answering the SDK's default base64 encoding dynamically", async () => {
    const upstream = await start();
    const vectors = [
      [0.25, -0.5, 1],
      [0.125, 0, -1],
    ];
    upstream.on("POST", "/v1/embeddings", (req) => {
      const body = req.json() as { encoding_format?: string; input: string[] };
      const encode = (v: number[]) =>
        body.encoding_format === "base64"
          ? Buffer.from(new Float32Array(v).buffer).toString("base64")
          : v;
      return json({
        object: "list",
        model: "text-embedding-mock",
        data: body.input.map((_, index) => ({
          object: "embedding",
          index,
          embedding: encode(vectors[index] ?? []),
        })),
        usage: { prompt_tokens: 4, total_tokens: 4 },
      });
    });
    const result = await client(upstream.url).embeddings.create({
      model: "text-embedding-mock",
      input: ["a", "b"],
    });
    expect(upstream.requests[0]?.json()).toMatchObject({ encoding_format: "base64" });
    expect(result.data.map((d) => d.embedding)).toEqual(vectors);
    const asFloats = await client(upstream.url).embeddings.create({
      model: "m",
      input: ["a"],
      encoding_format: "float",
    });
    expect(asFloats.data[0]?.embedding).toEqual(vectors[0]);
  });
});
