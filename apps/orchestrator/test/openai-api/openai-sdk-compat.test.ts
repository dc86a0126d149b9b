import { type ChatStreamEvent, ProviderError } from "@oss-ai-agent-tool/core";
import { collectEvents } from "@oss-ai-agent-tool/testkit";
import OpenAI, { APIError, RateLimitError } from "openai";
import { Stream } from "openai/core/streaming";
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionCreateParamsBase,
} from "openai/resources/chat/completions";
import type { CreateEmbeddingResponse } from "openai/resources/embeddings";
import type { Model } from "openai/resources/models";
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  DEFAULT_CHAT_INPUT_LIMITS,
  encodeSseError,
  fromOpenAIChatRequest,
  fromOpenAIEmbeddingsRequest,
  type OpenAIChatCompletion,
  OpenAIChunkEncoder,
  type OpenAIEmbeddingsResponse,
  type OpenAIModel,
  type OpenAIPassthroughParam,
  providerErrorToOpenAI,
  SSE_KEEPALIVE,
  toOpenAIChatCompletion,
  toOpenAIEmbeddingsResponse,
  toOpenAIErrorBody,
  toOpenAIModelsList,
} from "../../src/openai-api/index.js";

// The official SDK is driven with its own parsers and a `fetch` function
// that answers in-process: no server, no network, the SDK's real code paths.

const encoder = new TextEncoder();

/** An SSE body delivered in awkward pieces, as a network would. */
function sseResponse(text: string, pieceSize = 7): Response {
  const bytes = encoder.encode(text);
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < bytes.length; i += pieceSize)
        controller.enqueue(bytes.slice(i, i + pieceSize));
      controller.close();
    },
  });
  return new Response(body, { headers: { "content-type": "text/event-stream" } });
}

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

interface Captured {
  url: string;
  body: unknown;
}

/** A client whose `fetch` hands each request to `answer` and records it. */
function clientAnswering(answer: (req: Captured) => Response, maxRetries = 0) {
  const calls: Captured[] = [];
  const client = new OpenAI({
    apiKey: "test-key",
    baseURL: "http://gateway.invalid/v1",
    maxRetries,
    fetch: async (input: string | URL | Request, init?: RequestInit) => {
      const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
      const raw = init?.body;
      const captured = { url, body: typeof raw === "string" ? JSON.parse(raw) : undefined };
      calls.push(captured);
      return answer(captured);
    },
  });
  return { client, calls };
}

const toolStream: ChatStreamEvent[] = [
  { type: "reasoning-delta", delta: "The user wants weather." },
  { type: "text-delta", delta: "Let me check." },
  { type: "tool-call-start", index: 2, id: "call_w", name: "get_weather" },
  { type: "tool-call-delta", index: 2, id: "call_w", argumentsDelta: '{"city":' },
  { type: "tool-call-delta", index: 2, id: "call_w", argumentsDelta: '"Paris"}' },
  {
    type: "tool-call-end",
    index: 2,
    id: "call_w",
    name: "get_weather",
    arguments: '{"city":"Paris"}',
  },
  { type: "tool-call-start", index: 4, id: "call_t", name: "now" },
  { type: "tool-call-end", index: 4, id: "call_t", name: "now", arguments: "" },
  { type: "usage", usage: { promptTokens: 12, completionTokens: 8, totalTokens: 20 } },
  { type: "finish", finishReason: "tool_calls" },
];

function encodeStream(events: ChatStreamEvent[], includeUsage: boolean): string {
  const chunks = new OpenAIChunkEncoder({
    id: "chatcmpl-x",
    model: "gw/model",
    created: 1_700_000_000,
    includeUsage,
  });
  return events.map((event) => chunks.encode(event)).join("");
}

describe("the official openai SDK reads the gateway's stream", () => {
  it("Stream.fromSSEResponse yields exactly the encoded chunks and stops at [DONE]", async () => {
    const text = encodeStream(toolStream, true);
    const expected = text
      .split("\n\n")
      .filter((frame) => frame.startsWith("data: {"))
      .map((frame) => JSON.parse(frame.slice(6)) as ChatCompletionChunk);
    const stream = Stream.fromSSEResponse<ChatCompletionChunk>(
      sseResponse(SSE_KEEPALIVE + text + SSE_KEEPALIVE),
      new AbortController(),
    );
    const chunks = await collectEvents(stream);
    expect(chunks).toStrictEqual(expected);
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { total_tokens: 20 } });
  });

  it("Stream.fromSSEResponse throws APIError, with message, code, param and type, on the error event", async () => {
    const chunks = new OpenAIChunkEncoder({ id: "c", model: "m", created: 1, includeUsage: false });
    const error = providerErrorToOpenAI(
      new ProviderError("anthropic: overloaded", {
        status: 529,
        code: "overloaded",
        provider: "anthropic",
        retryable: true,
      }),
    );
    const text =
      chunks.encode({ type: "text-delta", delta: "partial" }) + encodeSseError(error.body);
    const stream = Stream.fromSSEResponse<ChatCompletionChunk>(
      sseResponse(text),
      new AbortController(),
    );
    const seen: ChatCompletionChunk[] = [];
    const failure = await (async () => {
      try {
        for await (const chunk of stream) seen.push(chunk);
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(seen).toHaveLength(1);
    expect(failure).toBeInstanceOf(APIError);
    const apiError = failure as APIError;
    expect(apiError.message).toBe("anthropic: overloaded");
    expect(apiError.code).toBe("overloaded");
    expect(apiError.type).toBe("api_error");
    expect(apiError.param).toBeNull();
    expect(apiError.status).toBeUndefined();
  });

  it("the SDK's stream helper accumulates the chunks into the full completion", async () => {
    const { client } = clientAnswering(() => sseResponse(encodeStream(toolStream, true), 13));
    const runner = client.chat.completions.stream({
      model: "gw/model",
      messages: [{ role: "user", content: "weather?" }],
      stream_options: { include_usage: true },
    });
    const final = await runner.finalChatCompletion();
    const choice = final.choices[0]!;
    expect(choice.finish_reason).toBe("tool_calls");
    expect(choice.message.role).toBe("assistant");
    expect(choice.message.content).toBe("Let me check.");
    expect(choice.message.tool_calls).toStrictEqual([
      {
        id: "call_w",
        type: "function",
        function: { name: "get_weather", arguments: '{"city":"Paris"}' },
      },
      { id: "call_t", type: "function", function: { name: "now", arguments: "{}" } },
    ]);
    expect((choice.message as { reasoning_content?: string }).reasoning_content).toBe(
      "The user wants weather.",
    );
    expect(final.usage).toStrictEqual({
      prompt_tokens: 12,
      completion_tokens: 8,
      total_tokens: 20,
    });
  });

  it("the SDK's stream helper accepts an empty reply", async () => {
    const { client } = clientAnswering(() =>
      sseResponse(encodeStream([{ type: "finish", finishReason: "stop" }], false)),
    );
    const final = await client.chat.completions
      .stream({ model: "m", messages: [{ role: "user", content: "x" }] })
      .finalChatCompletion();
    // The helper skips empty content deltas, so it reports `null` content, as for OpenAI's own empty replies.
    expect(final.choices[0]).toMatchObject({
      finish_reason: "stop",
      message: { role: "assistant" },
    });
  });
});

describe("the official openai SDK against the mappers", () => {
  it("what the SDK sends for a tool round trip parses, and the completion comes back as sent", async () => {
    const { client, calls } = clientAnswering(({ body }) => {
      const parsed = fromOpenAIChatRequest(body, DEFAULT_CHAT_INPUT_LIMITS);
      if (!parsed.ok)
        return json(
          toOpenAIErrorBody(400, parsed.error.message, parsed.error.code, parsed.error.param),
          400,
        );
      return json(
        toOpenAIChatCompletion(
          {
            id: "chatcmpl-1",
            provider: "p",
            model: "real-model",
            output: "",
            toolCalls: [{ id: "call_9", name: "lookup", arguments: '{"q":"x"}' }],
            finishReason: "tool_calls",
            usage: { promptTokens: 3, completionTokens: 4, totalTokens: 7, cachedPromptTokens: 1 },
          },
          { model: parsed.value.model, created: 1_700_000_000 },
        ),
      );
    });
    const completion = await client.chat.completions.create({
      model: "gw/model",
      messages: [
        { role: "developer", content: "be terse" },
        {
          role: "user",
          content: [
            { type: "text", text: "look" },
            {
              type: "image_url",
              image_url: { url: "data:image/png;base64,iVBORw0KGgo=", detail: "low" },
            },
          ],
        },
        {
          role: "assistant",
          content: null,
          tool_calls: [
            {
              id: "call_1",
              type: "function",
              function: { name: "lookup", arguments: '{"q":"a"}' },
            },
          ],
        },
        { role: "tool", tool_call_id: "call_1", content: "found" },
      ],
      tools: [{ type: "function", function: { name: "lookup", parameters: { type: "object" } } }],
      tool_choice: "required",
      max_completion_tokens: 100,
      parallel_tool_calls: false,
    });
    expect(completion.choices[0]!.message.tool_calls).toStrictEqual([
      { id: "call_9", type: "function", function: { name: "lookup", arguments: '{"q":"x"}' } },
    ]);
    expect(completion.choices[0]!.message.content).toBeNull();
    expect(completion.usage?.prompt_tokens_details?.cached_tokens).toBe(1);
    expect(completion.model).toBe("gw/model");

    const parsed = fromOpenAIChatRequest(calls[0]!.body, DEFAULT_CHAT_INPUT_LIMITS);
    expect(parsed.ok && parsed.value.passthrough).toStrictEqual({ parallel_tool_calls: false });
    expect(parsed.ok && parsed.value.request.messages[3]).toStrictEqual({
      role: "tool",
      toolCallId: "call_1",
      content: "found",
      name: "lookup",
    });
  });

  it("the SDK's default base64 embeddings decode to the provider's floats", async () => {
    const vectors = [
      [0.1, -0.25, 3.5e-8, 1e30, -0],
      [Math.PI, Number.MAX_VALUE, -1.5, 0.3333],
    ];
    const { client, calls } = clientAnswering(({ body }) => {
      const parsed = fromOpenAIEmbeddingsRequest(body);
      if (!parsed.ok) return json(toOpenAIErrorBody(400, parsed.error.message), 400);
      return json(
        toOpenAIEmbeddingsResponse(
          {
            provider: "p",
            model: "e",
            embeddings: vectors,
            usage: { promptTokens: 4, totalTokens: 4 },
          },
          { model: parsed.value.model, encodingFormat: parsed.value.encodingFormat },
        ),
      );
    });
    const res = await client.embeddings.create({ model: "gw/embed", input: ["a", "b"] });
    expect((calls[0]!.body as { encoding_format?: string }).encoding_format).toBe("base64");
    expect(res.data.map((d) => d.embedding)).toStrictEqual(
      vectors.map((v) => v.map((x) => Math.fround(x))),
    );
    expect(res.data.map((d) => d.index)).toStrictEqual([0, 1]);
    expect(res.usage).toStrictEqual({ prompt_tokens: 4, total_tokens: 4 });

    const floats = await client.embeddings.create({
      model: "gw/embed",
      input: "a",
      encoding_format: "float",
    });
    // JSON has no negative zero; everything else survives as sent.
    expect(floats.data[0]!.embedding).toStrictEqual(vectors[0]!.map((x) => (x === 0 ? 0 : x)));
  });

  it("the SDK lists the models", async () => {
    const { client } = clientAnswering(() =>
      json(
        toOpenAIModelsList([{ id: "openai/gpt-4o", ownedBy: "openai" }, { id: "fast" }], {
          created: 1,
        }),
      ),
    );
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(`${model.id}:${model.owned_by}`);
    expect(ids).toStrictEqual(["openai/gpt-4o:openai", "fast:oaat"]);
  });

  it("a 400 from the mapper becomes the SDK's BadRequestError with param and code", async () => {
    const { client } = clientAnswering(({ body }) => {
      const parsed = fromOpenAIChatRequest(body, DEFAULT_CHAT_INPUT_LIMITS);
      if (parsed.ok) return json({});
      const { status, message, code, param } = parsed.error;
      return json(toOpenAIErrorBody(status, message, code, param), status);
    });
    const err = await client.chat.completions
      .create({ model: "m", messages: [{ role: "user", content: "x" }], n: 2 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect(err).toMatchObject({
      status: 400,
      param: "n",
      code: "invalid_value",
      type: "invalid_request_error",
      message: "400 n: only n=1 is supported",
    });
  });

  it("provider errors become the SDK's typed errors, and x-should-retry steers its retries", async () => {
    const rateLimited = providerErrorToOpenAI(
      new ProviderError("openai: slow down", {
        status: 429,
        code: "rate_limited",
        provider: "openai",
        retryable: true,
        retryAfterMs: 1,
      }),
    );
    const limited = clientAnswering(
      () => json(rateLimited.body, rateLimited.status, rateLimited.headers),
      1,
    );
    const err = await limited.client.chat.completions
      .create({ model: "m", messages: [{ role: "user", content: "x" }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err).toMatchObject({ code: "rate_limited", type: "rate_limit_error" });
    expect(limited.calls).toHaveLength(2);

    const authFailed = providerErrorToOpenAI(
      new ProviderError("openai: invalid api key", {
        status: 401,
        provider: "openai",
        retryable: false,
      }),
    );
    const failing = clientAnswering(
      () => json(authFailed.body, authFailed.status, authFailed.headers),
      2,
    );
    const err2 = await failing.client.chat.completions
      .create({ model: "m", messages: [{ role: "user", content: "x" }] })
      .catch((e: unknown) => e);
    expect(err2).toBeInstanceOf(OpenAI.InternalServerError);
    expect(err2).toMatchObject({ status: 502, code: "upstream_auth_failed" });
    expect(failing.calls).toHaveLength(1);
  });
});

describe("the mappers' types fit the SDK's", () => {
  it("assigns completions, embeddings and models to the SDK types", () => {
    expectTypeOf<OpenAIChatCompletion>().toExtend<ChatCompletion>();
    expectTypeOf<OpenAIModel>().toExtend<Model>();
    // The float form only: the SDK types `embedding` as numbers because it decodes base64 itself.
    expectTypeOf<
      Omit<OpenAIEmbeddingsResponse, "data"> & {
        data: Array<{ object: "embedding"; index: number; embedding: number[] }>;
      }
    >().toExtend<CreateEmbeddingResponse>();
  });

  it("places every request parameter of the SDK: mapped, passed through or refused", () => {
    type Mapped =
      | "model"
      | "messages"
      | "tools"
      | "tool_choice"
      | "response_format"
      | "temperature"
      | "top_p"
      | "max_tokens"
      | "max_completion_tokens"
      | "stop"
      | "seed"
      | "n"
      | "user"
      | "stream"
      | "stream_options";
    type Refused = "functions" | "function_call";
    expectTypeOf<
      Exclude<keyof ChatCompletionCreateParamsBase, Mapped | Refused | OpenAIPassthroughParam>
    >().toEqualTypeOf<never>();
  });
});
