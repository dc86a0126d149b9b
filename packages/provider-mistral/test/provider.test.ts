import {
  closeAfterEach,
  collectEvents,
  json,
  mistralWire,
  rejectionOf,
  requestBody,
  sse,
} from "@oss-ai-agent-tool/testkit";
import { describe, expect, it } from "vitest";
import { startMistral, TEST_KEY } from "./helpers.js";

const wire = mistralWire();
const hello = [{ role: "user" as const, content: "Say hello." }];
const scenario = {
  id: "cmpl_1",
  model: "mistral-small-latest",
  text: "Hello.",
  rawFinishReason: "stop",
  usage: { promptTokens: 3, completionTokens: 2, totalTokens: 5, cachedPromptTokens: 1 },
};
const CHAT = "/v1/chat/completions";

const start = closeAfterEach(async (settings?: Parameters<typeof startMistral>[0]) => {
  const h = await startMistral(settings);
  h.upstream.on(wire.routes.chat.method, wire.routes.chat.path, wire.chatReply(scenario));
  return h;
});

/** A chat reply as Mistral sends it, with the given message and finish reason. */
function reply(message: Record<string, unknown>, finishReason = "stop") {
  return json({
    id: "cmpl_custom",
    created: 1_764_000_000,
    model: "magistral-small-latest",
    usage: { prompt_tokens: 4, total_tokens: 9, completion_tokens: 5 },
    object: "chat.completion",
    choices: [
      { index: 0, finish_reason: finishReason, message: { role: "assistant", ...message } },
    ],
  });
}

describe("Mistral provider over the wire", () => {
  it("sends the request in Mistral's snake_case wire format", async () => {
    const h = await start((url) => ({ baseURL: url, safePrompt: true }));
    await h.provider.chat({
      model: "mistral-large-latest",
      messages: [
        { role: "system", content: "Be terse." },
        {
          role: "user",
          content: [
            { type: "text", text: "What is in this picture?" },
            { type: "image", data: "iVBORw0KGgo=", mediaType: "image/png" },
          ],
        },
        {
          role: "assistant",
          content: null,
          toolCalls: [{ id: "abcDEF123", name: "look", arguments: '{"zoom":2}' }],
        },
        { role: "tool", toolCallId: "abcDEF123", name: "look", content: "a cat" },
      ],
      temperature: 0.3,
      topP: 0.8,
      maxTokens: 100,
      stop: "END",
      seed: 7,
      user: "user-1",
      tools: [{ name: "look", parameters: { type: "object", properties: {} }, strict: true }],
      toolChoice: "required",
      responseFormat: {
        type: "json_schema",
        name: "answer",
        schema: { type: "object", properties: { animal: { type: "string" } } },
        strict: true,
      },
    });
    const body = requestBody(h);
    expect(body).toMatchObject({
      model: "mistral-large-latest",
      stream: false,
      temperature: 0.3,
      top_p: 0.8,
      max_tokens: 100,
      stop: "END",
      random_seed: 7,
      safe_prompt: true,
      tool_choice: "any",
      tools: [
        {
          type: "function",
          function: { name: "look", parameters: { type: "object", properties: {} }, strict: true },
        },
      ],
      response_format: {
        type: "json_schema",
        json_schema: {
          name: "answer",
          schema: { type: "object", properties: { animal: { type: "string" } } },
          strict: true,
        },
      },
      messages: [
        { role: "system", content: "Be terse." },
        {
          role: "user",
          content: [
            { type: "text", text: "What is in this picture?" },
            { type: "image_url", image_url: "data:image/png;base64,iVBORw0KGgo=" },
          ],
        },
        {
          role: "assistant",
          content: "",
          tool_calls: [
            {
              id: "abcDEF123",
              type: "function",
              function: { name: "look", arguments: '{"zoom":2}' },
            },
          ],
        },
        { role: "tool", tool_call_id: "abcDEF123", name: "look", content: "a cat" },
      ],
    });
    expect(body).not.toHaveProperty("user");
    expect(body).not.toHaveProperty("seed");
  });

  it("sends a named tool choice as a function choice", async () => {
    const h = await start();
    await h.provider.chat({
      messages: hello,
      tools: [{ name: "look", parameters: { type: "object" } }],
      toolChoice: { type: "tool", name: "look" },
    });
    expect(requestBody(h).tool_choice).toEqual({ type: "function", function: { name: "look" } });
  });

  it("authenticates with a bearer key and sends a length-delimited body", async () => {
    const h = await start();
    await h.provider.chat({ messages: hello });
    const request = h.upstream.requests[0];
    expect(request?.headers.authorization).toBe(`Bearer ${TEST_KEY}`);
    expect(request?.headers["content-length"]).toBe(String(request?.bodyBytes.byteLength));
    expect(request?.headers["user-agent"]).toMatch(/^mistral-client-typescript\//);
  });

  it.each([
    ["", CHAT],
    ["/v1", CHAT],
    ["/v1/", CHAT],
    ["/proxy/mistral", `/proxy/mistral${CHAT}`],
  ])("with baseURL suffix %j, posts to %s", async (suffix, path) => {
    const h = await start((url) => ({ baseURL: `${url}${suffix}` }));
    await h.provider.chat({ messages: hello });
    expect(h.upstream.requests[0]?.path).toBe(path);
  });

  it("uses the settings' default model, then the manifest's", async () => {
    const h = await start((url) => ({ baseURL: url, defaultModel: "open-mistral-nemo" }));
    await h.provider.chat({ messages: hello });
    expect(requestBody(h).model).toBe("open-mistral-nemo");
    await h.close();
    const h2 = await start();
    await h2.provider.chat({ messages: hello });
    expect(requestBody(h2).model).toBe("mistral-small-latest");
  });

  it("maps the reply with the recorded usage, cached prompt tokens included", async () => {
    const h = await start();
    const res = await h.provider.chat({ messages: hello });
    expect(res).toEqual({
      id: "cmpl_1",
      provider: "mistral",
      model: "mistral-small-latest",
      output: "Hello.",
      finishReason: "stop",
      rawFinishReason: "stop",
      usage: { promptTokens: 3, completionTokens: 2, totalTokens: 5, cachedPromptTokens: 1 },
    });
  });

  it("returns reasoning from thinking chunks next to the text", async () => {
    const h = await start();
    h.upstream.reset();
    h.upstream.on(
      "POST",
      CHAT,
      reply({
        content: [
          { type: "thinking", thinking: [{ type: "text", text: "Two and two." }] },
          { type: "text", text: "4" },
        ],
      }),
    );
    const res = await h.provider.chat({ model: "magistral-small-latest", messages: hello });
    expect(res).toMatchObject({ output: "4", reasoning: "Two and two.", finishReason: "stop" });
  });

  it("normalizes tool-call arguments sent as an object to a JSON string", async () => {
    const h = await start();
    h.upstream.reset();
    h.upstream.on(
      "POST",
      CHAT,
      reply(
        {
          content: "",
          tool_calls: [{ id: "Zx9Zx9Zx9", function: { name: "look", arguments: { zoom: 2 } } }],
        },
        "tool_calls",
      ),
    );
    const res = await h.provider.chat({ messages: hello });
    expect(res.toolCalls).toEqual([{ id: "Zx9Zx9Zx9", name: "look", arguments: '{"zoom":2}' }]);
  });

  it("retries a reply that ended in finish reason error with nothing in it", async () => {
    const h = await start();
    h.upstream.reset();
    h.upstream.once("POST", CHAT, reply({ content: "" }, "error"));
    h.upstream.on("POST", CHAT, wire.chatReply(scenario));
    const res = await h.provider.chat({ messages: hello });
    expect(res.output).toBe("Hello.");
    expect(h.upstream.requests).toHaveLength(2);
  });

  it("passes provider options through and rejects a bad one before any request", async () => {
    const h = await start();
    await h.provider.chat({
      messages: hello,
      providerOptions: {
        mistral: { presence_penalty: 0.5, promptMode: "reasoning", parallel_tool_calls: false },
        openai: { logprobs: true },
      },
    });
    expect(requestBody(h)).toMatchObject({
      presence_penalty: 0.5,
      prompt_mode: "reasoning",
      parallel_tool_calls: false,
    });
    expect(requestBody(h)).not.toHaveProperty("logprobs");

    const bad = { messages: hello, providerOptions: { mistral: { frequency_penalty: "lots" } } };
    expect(await rejectionOf(h.provider.chat(bad))).toMatchObject({
      status: 400,
      code: "invalid_provider_options",
    });
    expect(await rejectionOf(collectEvents(h.provider.stream?.(bad)))).toMatchObject({
      status: 400,
    });
    expect(h.upstream.requests).toHaveLength(1);
  });

  it("streams reasoning deltas before the text", async () => {
    const h = await start();
    const frame = (delta: Record<string, unknown>, finish: string | null = null) => ({
      data: {
        id: "s1",
        object: "chat.completion.chunk",
        created: 1,
        model: "magistral-small-latest",
        choices: [{ index: 0, delta, finish_reason: finish }],
        ...(finish ? { usage: { prompt_tokens: 3, total_tokens: 9, completion_tokens: 6 } } : {}),
      },
    });
    h.upstream.on(
      "POST",
      (r) => r.path === CHAT && (r.json() as { stream?: boolean }).stream === true,
      sse(
        [
          frame({ role: "assistant", content: "" }),
          frame({ content: [{ type: "thinking", thinking: [{ type: "text", text: "Think" }] }] }),
          frame({ content: [{ type: "text", text: "Done" }] }),
          frame({ content: "" }, "stop"),
        ],
        { done: true },
      ),
    );
    const events = await collectEvents(h.provider.stream?.({ messages: hello }));
    expect(events.map((e) => e.type)).toEqual(["reasoning-delta", "text-delta", "usage", "finish"]);
    expect(requestBody(h)).toMatchObject({ stream: true });
    expect(requestBody(h)).not.toHaveProperty("stream_options");
  });

  describe("embeddings", () => {
    const embedRoute = wire.routes.embed ?? { method: "POST", path: "/v1/embeddings" };
    const embedReply = (model: string) =>
      wire.embedReply?.({ model, embeddings: [[0.5, 0.25]], promptTokens: 2 }) ?? json({});

    it("defaults to mistral-embed and sends inputs as `input`", async () => {
      const h = await start();
      h.upstream.on(embedRoute.method, embedRoute.path, embedReply("mistral-embed"));
      const res = await h.provider.embed?.({ input: "a" });
      expect(res).toEqual({
        provider: "mistral",
        model: "mistral-embed",
        embeddings: [[0.5, 0.25]],
        usage: { promptTokens: 2, totalTokens: 2 },
      });
      expect(requestBody(h)).toEqual({ model: "mistral-embed", input: "a" });
    });

    it("uses the settings' embedding model, dimensions and output dtype", async () => {
      const h = await start((url) => ({ baseURL: url, defaultEmbeddingModel: "codestral-embed" }));
      h.upstream.on(embedRoute.method, embedRoute.path, embedReply("codestral-embed"));
      await h.provider.embed?.({
        input: ["a", "b"],
        dimensions: 256,
        providerOptions: { mistral: { output_dtype: "float" } },
      });
      expect(requestBody(h)).toEqual({
        model: "codestral-embed",
        input: ["a", "b"],
        output_dimension: 256,
        output_dtype: "float",
      });
    });
  });

  describe("models", () => {
    it("lists models from GET /v1/models", async () => {
      const h = await start();
      const route = wire.routes.probe ?? { method: "GET", path: "/v1/models" };
      h.upstream.on(route.method, route.path, wire.probeReply?.() ?? json({}));
      expect(await h.provider.listModels?.()).toEqual([
        { id: "model-a", ownedBy: "mistralai" },
        { id: "model-b", ownedBy: "mistralai" },
      ]);
      expect(h.upstream.requests[0]?.path).toBe("/v1/models");
    });

    it("reports a missing credential from probe without throwing", async () => {
      const h = await start();
      await h.secrets.delete("provider:mistral:apiKey");
      const saved = process.env.MISTRAL_API_KEY;
      delete process.env.MISTRAL_API_KEY;
      try {
        const result = await h.provider.probe?.();
        expect(result?.ok).toBe(false);
        expect(result?.detail).toContain("MISTRAL_API_KEY");
      } finally {
        if (saved !== undefined) process.env.MISTRAL_API_KEY = saved;
      }
      expect(h.upstream.requests).toHaveLength(0);
    });
  });
});
