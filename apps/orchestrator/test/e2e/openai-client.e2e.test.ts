import { json, type MockUpstream, openAIChatWire } from "@oss-ai-agent-tool/testkit";
import type OpenAI from "openai";
import { NotFoundError } from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestGateway, TEST_SECRETS, type TestGateway } from "../support/start-test-gateway.js";

type ChatCompletionChunk = OpenAI.Chat.Completions.ChatCompletionChunk;
type ChatCompletionTool = OpenAI.Chat.Completions.ChatCompletionTool;

const wire = openAIChatWire();
const CHAT = wire.routes.chat.path;
const STREAM = wire.routes.stream!.path;
const EMBED = wire.routes.embed!.path;
const MODEL = "alpha/alpha-model-1";
const USAGE = { promptTokens: 12, completionTokens: 3, totalTokens: 15 };

/** Queues one plain chat reply on alpha's upstream. */
function replyOnce(text: string): void {
  gw.alpha.once(
    "POST",
    CHAT,
    wire.chatReply({
      id: "u",
      model: "alpha-model-1",
      text,
      rawFinishReason: "stop",
      usage: USAGE,
    }),
  );
}

let gw: TestGateway;
let client: OpenAI;

beforeAll(async () => {
  gw = await startTestGateway({
    config: () => ({
      routing: { aliases: { fast: ["alpha/alpha-model-1", "beta/beta-model-1"] } },
    }),
  });
  client = gw.client();
});
afterAll(async () => {
  await gw?.close();
});
beforeEach(() => {
  gw.resetUpstreams();
});

/** The JSON bodies of the chat-completions calls an upstream received, in order. */
function chatBodies(upstream: MockUpstream): Record<string, unknown>[] {
  return upstream.requests
    .filter((r) => r.method === "POST" && r.path === "/v1/chat/completions")
    .map((r) => r.json() as Record<string, unknown>);
}

function onlyChatBody(upstream: MockUpstream): Record<string, unknown> {
  const bodies = chatBodies(upstream);
  expect(bodies).toHaveLength(1);
  return bodies[0]!;
}

function textOf(chunks: readonly ChatCompletionChunk[]): string {
  return chunks.map((c) => c.choices[0]?.delta.content ?? "").join("");
}

describe("chat completions (non-streaming)", () => {
  it("returns content, usage with cached tokens, finish_reason, provider/model and routing headers", async () => {
    gw.alpha.once(
      "POST",
      CHAT,
      wire.chatReply({
        id: "chatcmpl-up-1",
        model: "alpha-model-1",
        text: "Hello from alpha",
        rawFinishReason: "length",
        usage: { ...USAGE, cachedPromptTokens: 8 },
      }),
    );
    const { data, response } = await gw
      .client({ defaultHeaders: { "x-request-id": "req-chat-1" } })
      .chat.completions.create({ model: MODEL, messages: [{ role: "user", content: "hi" }] })
      .withResponse();

    expect(data.object).toBe("chat.completion");
    expect(data.id).toBe("chatcmpl-req-chat-1");
    expect(data.model).toBe("alpha/alpha-model-1");
    expect(data.choices).toHaveLength(1);
    expect(data.choices[0]?.message).toMatchObject({
      role: "assistant",
      content: "Hello from alpha",
    });
    expect(data.choices[0]?.finish_reason).toBe("length");
    expect(data.usage).toEqual({
      prompt_tokens: 12,
      completion_tokens: 3,
      total_tokens: 15,
      prompt_tokens_details: { cached_tokens: 8 },
      completion_tokens_details: { reasoning_tokens: 0 },
    });
    expect(response.headers.get("x-oaat-provider")).toBe("alpha");
    expect(response.headers.get("x-oaat-attempts")).toBe("1");
    expect(response.headers.get("x-request-id")).toBe("req-chat-1");

    const upstream = gw.alpha.requests.find((r) => r.path === "/v1/chat/completions");
    expect(upstream?.json()).toMatchObject({
      model: "alpha-model-1",
      messages: [{ role: "user", content: "hi" }],
    });
    // The gateway's own upstream key goes upstream, never the client's.
    expect(wire.credentialOf(upstream!)).toBe(TEST_SECRETS.ALPHA_API_KEY);
    expect(gw.beta.requests).toHaveLength(0);
  });

  it("leaves out usage details the upstream did not report", async () => {
    gw.alpha.once(
      "POST",
      CHAT,
      json({
        id: "chatcmpl-up-2",
        object: "chat.completion",
        created: 1,
        model: "alpha-model-1",
        choices: [
          {
            index: 0,
            message: { role: "assistant", content: "plain" },
            finish_reason: "stop",
          },
        ],
        usage: { prompt_tokens: 2, completion_tokens: 1, total_tokens: 3 },
      }),
    );
    const res = await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: "user", content: "hi" }],
    });
    expect(res.choices[0]?.message.content).toBe("plain");
    expect(res.choices[0]?.finish_reason).toBe("stop");
    // A made-up cached_tokens: 0 would read as "no cache hit".
    expect(res.usage).toEqual({ prompt_tokens: 2, completion_tokens: 1, total_tokens: 3 });
  });

  it("maps sampling parameters, stop, seed, user and response_format onto the upstream request", async () => {
    gw.alpha.once(
      "POST",
      CHAT,
      wire.chatReply({
        id: "u",
        model: "alpha-model-1",
        text: '{"a":"x"}',
        rawFinishReason: "stop",
        usage: USAGE,
      }),
    );
    const schema = {
      type: "object",
      properties: { a: { type: "string" } },
      required: ["a"],
      additionalProperties: false,
    };
    const res = await client.chat.completions.create({
      model: MODEL,
      messages: [
        { role: "system", content: "answer in JSON" },
        { role: "user", content: "hi" },
      ],
      temperature: 0.3,
      top_p: 0.9,
      max_tokens: 64,
      stop: ["END", "STOP"],
      seed: 42,
      user: "user-7",
      response_format: {
        type: "json_schema",
        json_schema: { name: "answer", description: "one field", schema, strict: true },
      },
    });
    expect(res.choices[0]?.message.content).toBe('{"a":"x"}');
    expect(onlyChatBody(gw.alpha)).toMatchObject({
      model: "alpha-model-1",
      messages: [
        { role: "system", content: "answer in JSON" },
        { role: "user", content: "hi" },
      ],
      temperature: 0.3,
      top_p: 0.9,
      max_tokens: 64,
      stop: ["END", "STOP"],
      seed: 42,
      user: "user-7",
      response_format: {
        type: "json_schema",
        json_schema: { name: "answer", description: "one field", schema, strict: true },
      },
    });
  });

  it("sends max_completion_tokens as the token limit, a single stop string and json_object", async () => {
    replyOnce("{}");
    await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: "user", content: "hi" }],
      max_completion_tokens: 99,
      stop: "END",
      response_format: { type: "json_object" },
    });
    const body = onlyChatBody(gw.alpha);
    expect(body).toMatchObject({
      max_tokens: 99,
      stop: "END",
      response_format: { type: "json_object" },
    });
    expect(body).not.toHaveProperty("temperature");
    expect(body).not.toHaveProperty("seed");
  });

  it("passes OpenAI parameters without a neutral meaning through to the upstream body", async () => {
    replyOnce("ok");
    await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: "user", content: "hi" }],
      frequency_penalty: 0.5,
      presence_penalty: -0.25,
      logit_bias: { "50256": -100 },
      metadata: { trace: "t-1" },
      service_tier: "flex",
    });
    const body = onlyChatBody(gw.alpha);
    expect(body).toMatchObject({
      frequency_penalty: 0.5,
      presence_penalty: -0.25,
      logit_bias: { "50256": -100 },
      metadata: { trace: "t-1" },
      service_tier: "flex",
    });
    expect(body).not.toHaveProperty("provider_options");
  });
});

describe("chat completions (streaming)", () => {
  const TEXT = "Streaming through the gateway, chunk by chunk. ✓";

  it("ends with a usage chunk with empty choices when include_usage is set", async () => {
    gw.alpha.once(
      "POST",
      STREAM,
      wire.streamReply!({
        id: "up-s1",
        model: "alpha-model-1",
        text: TEXT,
        rawFinishReason: "stop",
        usage: { promptTokens: 7, completionTokens: 9, totalTokens: 16, cachedPromptTokens: 2 },
      }),
    );
    const { data: stream, response } = await client.chat.completions
      .create({
        model: MODEL,
        messages: [{ role: "user", content: "stream please" }],
        stream: true,
        stream_options: { include_usage: true },
      })
      .withResponse();
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(response.headers.get("x-oaat-provider")).toBe("alpha");

    const chunks: ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);

    expect(textOf(chunks)).toBe(TEXT);
    expect(chunks[0]?.choices[0]?.delta.role).toBe("assistant");
    expect(chunks.every((c) => c.object === "chat.completion.chunk")).toBe(true);
    expect(chunks.every((c) => c.model === "alpha/alpha-model-1")).toBe(true);
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage).toEqual({
      prompt_tokens: 7,
      completion_tokens: 9,
      total_tokens: 16,
      prompt_tokens_details: { cached_tokens: 2 },
      completion_tokens_details: { reasoning_tokens: 0 },
    });
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe("stop");
    expect(chunks.slice(0, -2).every((c) => c.choices[0]?.finish_reason === null)).toBe(true);
    expect(onlyChatBody(gw.alpha)).toMatchObject({ model: "alpha-model-1", stream: true });
  });

  it("sends no usage chunk without include_usage", async () => {
    gw.alpha.once(
      "POST",
      STREAM,
      wire.streamReply!({
        id: "up-s2",
        model: "alpha-model-1",
        text: TEXT,
        rawFinishReason: "length",
        usage: USAGE,
      }),
    );
    const stream = await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: "user", content: "stream please" }],
      stream: true,
    });
    const chunks: ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);

    expect(textOf(chunks)).toBe(TEXT);
    expect(chunks.length).toBeGreaterThan(2);
    expect(chunks.every((c) => c.choices.length === 1)).toBe(true);
    expect(chunks.every((c) => c.usage == null)).toBe(true);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe("length");
  });

  it("works with the SDK's stream helper and its final completion", async () => {
    gw.alpha.once(
      "POST",
      STREAM,
      wire.streamReply!({
        id: "up-s3",
        model: "alpha-model-1",
        text: TEXT,
        rawFinishReason: "stop",
        usage: { promptTokens: 4, completionTokens: 11, totalTokens: 15 },
      }),
    );
    const runner = client.chat.completions.stream({
      model: MODEL,
      messages: [{ role: "user", content: "stream please" }],
      stream_options: { include_usage: true },
    });
    const deltas: string[] = [];
    runner.on("content", (delta) => deltas.push(delta));
    const final = await runner.finalChatCompletion();

    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join("")).toBe(TEXT);
    expect(final.model).toBe("alpha/alpha-model-1");
    expect(final.choices[0]?.message.content).toBe(TEXT);
    expect(final.choices[0]?.finish_reason).toBe("stop");
    expect(final.usage).toMatchObject({
      prompt_tokens: 4,
      completion_tokens: 11,
      total_tokens: 15,
    });
  });
});

describe("tools", () => {
  const tools: ChatCompletionTool[] = [
    {
      type: "function",
      function: {
        name: "get_weather",
        description: "Current weather for a city",
        parameters: {
          type: "object",
          properties: { city: { type: "string" }, units: { type: "string" } },
          required: ["city", "units"],
          additionalProperties: false,
        },
        strict: true,
      },
    },
    {
      type: "function",
      function: { name: "get_time", parameters: { type: "object", properties: {} } },
    },
  ];

  it("sends tool definitions and tool_choice upstream and returns tool_calls", async () => {
    gw.alpha.once(
      "POST",
      CHAT,
      wire.chatReply({
        id: "u",
        model: "alpha-model-1",
        text: "",
        toolCalls: [
          { id: "call_w1", name: "get_weather", arguments: '{"city":"Paris","units":"metric"}' },
        ],
        rawFinishReason: "tool_calls",
        usage: USAGE,
      }),
    );
    const res = await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: "user", content: "Weather in Paris?" }],
      tools,
      tool_choice: { type: "function", function: { name: "get_weather" } },
    });

    const choice = res.choices[0]!;
    expect(choice.finish_reason).toBe("tool_calls");
    expect(choice.message.content).toBeNull();
    expect(choice.message.tool_calls).toEqual([
      {
        id: "call_w1",
        type: "function",
        function: { name: "get_weather", arguments: '{"city":"Paris","units":"metric"}' },
      },
    ]);
    const body = onlyChatBody(gw.alpha);
    expect(body.tools).toEqual(tools);
    expect(body.tool_choice).toEqual({ type: "function", function: { name: "get_weather" } });
  });

  it("passes tool_choice strings upstream", async () => {
    gw.alpha.once(
      "POST",
      CHAT,
      wire.chatReply({
        id: "u",
        model: "alpha-model-1",
        text: "",
        toolCalls: [{ id: "call_t1", name: "get_time", arguments: "{}" }],
        rawFinishReason: "tool_calls",
        usage: USAGE,
      }),
    );
    const res = await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: "user", content: "What time is it?" }],
      tools,
      tool_choice: "required",
    });
    expect(res.choices[0]?.message.tool_calls?.[0]).toMatchObject({
      id: "call_t1",
      function: { name: "get_time", arguments: "{}" },
    });
    expect(onlyChatBody(gw.alpha).tool_choice).toBe("required");
  });

  it("streams tool-call deltas that the SDK's stream helper reassembles exactly", async () => {
    const weatherArgs = JSON.stringify({
      city: "São Paulo",
      units: "metric",
      note: 'say "hi"\nand ✓ done',
    });
    const timeArgs = JSON.stringify({ zone: "America/Sao_Paulo", format: "24h" });
    gw.alpha.once(
      "POST",
      STREAM,
      wire.streamReply!({
        id: "up-t1",
        model: "alpha-model-1",
        text: "Checking.",
        toolCalls: [
          { id: "call_a", name: "get_weather", arguments: weatherArgs },
          { id: "call_b", name: "get_time", arguments: timeArgs },
        ],
        rawFinishReason: "tool_calls",
        usage: USAGE,
      }),
    );
    const runner = client.chat.completions.stream({
      model: MODEL,
      messages: [{ role: "user", content: "Weather and time in São Paulo?" }],
      tools,
    });
    let argumentDeltas = 0;
    runner.on("tool_calls.function.arguments.delta", () => {
      argumentDeltas += 1;
    });
    const final = await runner.finalChatCompletion();

    const choice = final.choices[0]!;
    expect(choice.finish_reason).toBe("tool_calls");
    expect(choice.message.content).toBe("Checking.");
    expect(choice.message.tool_calls?.map((c) => [c.id, c.type])).toEqual([
      ["call_a", "function"],
      ["call_b", "function"],
    ]);
    const calls = choice.message.tool_calls?.flatMap((c) =>
      c.type === "function" ? [c.function] : [],
    );
    expect(calls).toEqual([
      expect.objectContaining({ name: "get_weather", arguments: weatherArgs }),
      expect.objectContaining({ name: "get_time", arguments: timeArgs }),
    ]);
    // The arguments really arrived in pieces, not as one final blob.
    expect(argumentDeltas).toBeGreaterThan(4);
    expect(onlyChatBody(gw.alpha).tools).toEqual(tools);
  });

  it("streams a tool-only reply as OpenAI deltas: role first, dense indexes, id and name once", async () => {
    gw.alpha.once(
      "POST",
      STREAM,
      wire.streamReply!({
        id: "up-t2",
        model: "alpha-model-1",
        text: "",
        toolCalls: [
          { id: "call_x", name: "get_time", arguments: '{"zone":"UTC"}' },
          { id: "call_y", name: "get_weather", arguments: '{"city":"Oslo","units":"metric"}' },
        ],
        rawFinishReason: "tool_calls",
        usage: USAGE,
      }),
    );
    const stream = await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: "user", content: "time and weather" }],
      tools,
      stream: true,
    });
    const deltas: OpenAI.Chat.Completions.ChatCompletionChunk.Choice.Delta.ToolCall[] = [];
    const chunks: ChatCompletionChunk[] = [];
    for await (const chunk of stream) {
      chunks.push(chunk);
      deltas.push(...(chunk.choices[0]?.delta.tool_calls ?? []));
    }

    expect(chunks[0]?.choices[0]?.delta.role).toBe("assistant");
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe("tool_calls");
    const byIndex = new Map<number, { id?: string; name?: string; args: string; opens: number }>();
    for (const d of deltas) {
      const call = byIndex.get(d.index) ?? { args: "", opens: 0 };
      if (d.id !== undefined) {
        call.id = d.id;
        call.opens += 1;
      }
      if (d.function?.name !== undefined) call.name = d.function.name;
      call.args += d.function?.arguments ?? "";
      byIndex.set(d.index, call);
    }
    expect([...byIndex.keys()]).toEqual([0, 1]);
    expect(byIndex.get(0)).toEqual({
      id: "call_x",
      name: "get_time",
      args: '{"zone":"UTC"}',
      opens: 1,
    });
    expect(byIndex.get(1)).toEqual({
      id: "call_y",
      name: "get_weather",
      args: '{"city":"Oslo","units":"metric"}',
      opens: 1,
    });
  });

  it("sends a follow-up turn with the assistant's tool calls and the tool results", async () => {
    replyOnce("It is 21 °C in Paris.");
    const call = {
      id: "call_w1",
      type: "function" as const,
      function: { name: "get_weather", arguments: '{"city":"Paris","units":"metric"}' },
    };
    const res = await client.chat.completions.create({
      model: MODEL,
      messages: [
        { role: "user", content: "Weather in Paris?" },
        { role: "assistant", content: null, tool_calls: [call] },
        { role: "tool", tool_call_id: "call_w1", content: '{"temp":21}' },
      ],
      tools,
    });
    expect(res.choices[0]?.message.content).toBe("It is 21 °C in Paris.");
    const messages = onlyChatBody(gw.alpha).messages as Record<string, unknown>[];
    expect(messages).toHaveLength(3);
    expect(messages[0]).toEqual({ role: "user", content: "Weather in Paris?" });
    expect(messages[1]).toMatchObject({ role: "assistant", tool_calls: [call] });
    expect(messages[1]?.content ?? null).toBeNull();
    expect(messages[2]).toEqual({ role: "tool", tool_call_id: "call_w1", content: '{"temp":21}' });
  });
});

describe("embeddings", () => {
  // Exactly representable as float32, so base64 and float must agree to the bit.
  const vectors = [
    [0.5, -0.25, 0.125, 1, 0],
    [-1, 0.75, 3.5, -0.0625, 2],
  ];

  beforeEach(() => {
    gw.alpha.on(
      "POST",
      EMBED,
      wire.embedReply!({ model: "alpha-embed-1", embeddings: vectors, promptTokens: 6 }),
    );
  });

  it("gives the exact vectors with the SDK's default (base64) encoding", async () => {
    const res = await client.embeddings.create({
      model: "alpha/alpha-embed-1",
      input: ["one", "two"],
    });
    expect(res.data.map((d) => d.embedding)).toEqual(vectors);
    expect(res.data.map((d) => d.index)).toEqual([0, 1]);
    expect(res.model).toBe("alpha/alpha-embed-1");
    expect(res.usage).toEqual({ prompt_tokens: 6, total_tokens: 6 });
    const upstream = gw.alpha.requests.find((r) => r.path === "/v1/embeddings");
    expect(upstream?.json()).toMatchObject({ model: "alpha-embed-1", input: ["one", "two"] });
  });

  it("answers base64 on the wire when the SDK asks for it by default", async () => {
    const raw = await client.embeddings
      .create({ model: "alpha/alpha-embed-1", input: "one" })
      .asResponse();
    const body = (await raw.json()) as { data: { embedding: unknown }[] };
    const encoded = body.data[0]?.embedding;
    expect(typeof encoded).toBe("string");
    const bytes = Buffer.from(encoded as string, "base64");
    expect([...new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4)]).toEqual(
      vectors[0],
    );
  });

  it("gives the exact vectors as numbers with encoding_format float", async () => {
    const raw = await client.embeddings
      .create({
        model: "alpha/alpha-embed-1",
        input: ["one", "two"],
        encoding_format: "float",
        dimensions: 5,
      })
      .asResponse();
    const body = (await raw.json()) as OpenAI.CreateEmbeddingResponse;
    expect(body.data.map((d) => d.embedding)).toEqual(vectors);
    const upstream = gw.alpha.requests.find((r) => r.path === "/v1/embeddings");
    expect(upstream?.json()).toMatchObject({ dimensions: 5 });

    const viaSdk = await client.embeddings.create({
      model: "alpha/alpha-embed-1",
      input: ["one", "two"],
      encoding_format: "float",
    });
    expect(viaSdk.data.map((d) => d.embedding)).toEqual(vectors);
  });
});

describe("models", () => {
  it("lists default models, upstream listings and aliases", async () => {
    const page = await client.models.list();
    const byId = new Map(page.data.map((m) => [m.id, m]));
    for (const id of [
      "alpha/alpha-model-1",
      "beta/beta-model-1",
      "alpha/model-a",
      "alpha/model-b",
      "beta/model-a",
      "fast",
    ]) {
      expect(byId.has(id), id).toBe(true);
    }
    expect(byId.get("alpha/alpha-model-1")).toMatchObject({ object: "model", owned_by: "alpha" });
    expect(byId.get("fast")?.owned_by).toBe("oaat-alias");
    // The listing came from the upstreams' own GET /models.
    expect(gw.alpha.requests.some((r) => r.method === "GET" && r.path === "/v1/models")).toBe(true);
    expect(gw.beta.requests.some((r) => r.method === "GET" && r.path === "/v1/models")).toBe(true);
  });

  it("retrieves one model by its provider/model id", async () => {
    const model = await client.models.retrieve("alpha/alpha-model-1");
    expect(model).toMatchObject({ id: "alpha/alpha-model-1", object: "model", owned_by: "alpha" });
    const listed = await client.models.retrieve("beta/model-b");
    expect(listed.id).toBe("beta/model-b");
    const alias = await client.models.retrieve("fast");
    expect(alias).toMatchObject({ id: "fast", owned_by: "oaat-alias" });
  });

  it("answers an unknown model with NotFoundError", async () => {
    const err = await client.models.retrieve("alpha/no-such-model").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as NotFoundError).status).toBe(404);
    expect((err as NotFoundError).code).toBe("model_not_found");
    expect((err as NotFoundError).message).toContain("alpha/no-such-model");
  });

  it("decodes a model id exactly once, so ids with % or encoded slashes are looked up as sent", async () => {
    // The SDK percent-encodes the id ("/" → %2F, "%" → %25).
    const percent = await client.models.retrieve("alpha/100%").catch((e: unknown) => e);
    expect(percent).toBeInstanceOf(NotFoundError);
    expect((percent as NotFoundError).message).toContain('"alpha/100%"');
    const encoded = await client.models.retrieve("alpha/a%25b").catch((e: unknown) => e);
    expect(encoded).toBeInstanceOf(NotFoundError);
    expect((encoded as NotFoundError).message).toContain('"alpha/a%25b"');
    const raw = await gw.fetch("/v1/models/alpha%2Falpha-model-1");
    expect(raw.status).toBe(200);
    expect(await raw.json()).toMatchObject({ id: "alpha/alpha-model-1" });
  });
});
