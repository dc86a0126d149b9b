import {
  anthropicErrorBody,
  anthropicFrame,
  anthropicStreamFrames,
  anthropicWire,
  type ChatScenario,
  collectEvents,
  type Harness,
  json,
  reasoningOf,
  rejectionOf,
  requestBody,
  sse,
  textOf,
} from "@oss-ai-agent-tool/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { startAnthropic, TEST_KEY } from "./helpers.js";

const wire = anthropicWire();
const chatRoute = wire.routes.chat;
const streamRoute = wire.routes.stream ?? chatRoute;
const hello = [{ role: "user" as const, content: "Say hello." }];
const scenario: ChatScenario = {
  id: "msg_01Test",
  model: "claude-haiku-4-5-20251001",
  text: "Hello.",
  rawFinishReason: "end_turn",
  usage: { promptTokens: 3, completionTokens: 2, totalTokens: 5, cachedPromptTokens: 1 },
};
const weatherTool = {
  name: "get_weather",
  description: "Current weather",
  parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
};

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function start(settings: Record<string, unknown> = {}): Promise<Harness> {
  await harness?.close();
  harness = await startAnthropic((url) => ({ baseURL: url, ...settings }));
  harness.upstream.on(chatRoute.method, chatRoute.path, wire.chatReply(scenario));
  harness.upstream.on(
    streamRoute.method,
    streamRoute.path,
    wire.streamReply?.(scenario) ?? json({}),
  );
  return harness;
}

/** A Messages reply as Anthropic sends it, with the given content blocks. */
function reply(content: unknown[], stop_reason = "end_turn", usage?: Record<string, unknown>) {
  return json({
    id: "msg_custom",
    type: "message",
    role: "assistant",
    model: "claude-haiku-4-5-20251001",
    content,
    stop_reason,
    stop_sequence: null,
    usage: usage ?? {
      input_tokens: 4,
      output_tokens: 5,
      cache_read_input_tokens: 0,
      cache_creation_input_tokens: 0,
    },
  });
}

describe("Anthropic provider over the wire", () => {
  it("sends the request in Anthropic's shape: system lifted, turns merged, tool round trip", async () => {
    const h = await start();
    await h.provider.chat({
      model: "claude-sonnet-4-6",
      messages: [
        { role: "system", content: "Be terse." },
        {
          role: "user",
          content: [
            { type: "text", text: "What is in this picture, and the weather?" },
            { type: "image", data: "iVBORw0KGgo=", mediaType: "image/png" },
          ],
        },
        {
          role: "assistant",
          content: null,
          toolCalls: [{ id: "toolu_01A", name: "get_weather", arguments: '{"city":"Zürich"}' }],
        },
        { role: "tool", toolCallId: "toolu_01A", name: "get_weather", content: "21 °C" },
        { role: "user", content: "Thanks. And now?" },
      ],
      maxTokens: 100,
      stop: ["END", "STOP"],
      user: "user-1",
      tools: [weatherTool],
      toolChoice: { type: "tool", name: "get_weather" },
      responseFormat: { type: "json_schema", name: "out", schema: { type: "object" } },
    });
    const body = requestBody(h);
    expect(body).toEqual({
      model: "claude-sonnet-4-6",
      max_tokens: 100,
      stream: false,
      system: [{ type: "text", text: "Be terse." }],
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "What is in this picture, and the weather?" },
            {
              type: "image",
              source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" },
            },
          ],
        },
        {
          role: "assistant",
          content: [
            { type: "tool_use", id: "toolu_01A", name: "get_weather", input: { city: "Zürich" } },
          ],
        },
        {
          role: "user",
          content: [
            { type: "tool_result", tool_use_id: "toolu_01A", content: "21 °C" },
            { type: "text", text: "Thanks. And now?" },
          ],
        },
      ],
      stop_sequences: ["END", "STOP"],
      metadata: { user_id: "user-1" },
      tools: [
        {
          name: "get_weather",
          description: "Current weather",
          input_schema: weatherTool.parameters,
        },
      ],
      tool_choice: { type: "tool", name: "get_weather" },
      output_config: { format: { type: "json_schema", schema: { type: "object" } } },
    });
    expect(h.upstream.requests[0]?.path).toBe("/v1/messages");
  });

  it("sends the key as Authorization: Bearer (this SDK version's way) and the SDK's API version", async () => {
    const h = await start();
    await h.provider.chat({ messages: hello });
    const headers = h.upstream.requests[0]?.headers ?? {};
    expect(headers.authorization).toBe(`Bearer ${TEST_KEY}`);
    expect(headers["x-api-key"]).toBeUndefined();
    expect(headers["anthropic-version"]).toBe("2026-10-21");
    expect(headers["anthropic-beta"]).toBeUndefined();
    // The SDK's own retries are off: core's runners retry.
    expect(headers["x-stainless-retry-count"]).toBe("0");
  });

  it("uses the manifest's default model and max_tokens when the request names none", async () => {
    const h = await start();
    await h.provider.chat({ messages: hello });
    expect(requestBody(h)).toMatchObject({ model: "claude-haiku-4-5", max_tokens: 4096 });
    const h2 = await start({ defaultModel: "claude-opus-4-8", defaultMaxTokens: 1000 });
    await h2.provider.chat({ messages: hello });
    expect(requestBody(h2)).toMatchObject({ model: "claude-opus-4-8", max_tokens: 1000 });
  });

  it("sends a large non-streamed max_tokens (the SDK's streaming-required guard is off)", async () => {
    const h = await start();
    const res = await h.provider.chat({ messages: hello, maxTokens: 64_000 });
    expect(res.output).toBe("Hello.");
    expect(requestBody(h)).toMatchObject({ max_tokens: 64_000 });
  });

  it("drops temperature and top_p on API version 2026-10-21, warning once per field", async () => {
    const h = await start();
    await h.provider.chat({ messages: hello, temperature: 0.2, topP: 0.9, seed: 3 });
    await h.provider.chat({ messages: hello, temperature: 0.5 });
    const body = requestBody(h);
    expect(body).not.toHaveProperty("temperature");
    expect(body).not.toHaveProperty("top_p");
    expect(body).not.toHaveProperty("seed");
    const warnings = h.logger.lines.filter((l) => l.level === "warn");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.fields).toMatchObject({ parameters: ["temperature", "top_p", "seed"] });
  });

  it("rejects them with a 400 before sending when unsupportedParameters is reject", async () => {
    const h = await start({ unsupportedParameters: "reject" });
    const err = await rejectionOf(h.provider.chat({ messages: hello, temperature: 0.2 }));
    expect(err).toMatchObject({ status: 400, code: "unsupported_parameter", retryable: false });
    expect((err as Error).message).toContain("temperature");
    expect((err as Error).message).toContain("2023-06-01");
    const streamErr = await rejectionOf(
      collectEvents(h.provider.stream?.({ messages: hello, seed: 1 })),
    );
    expect(streamErr).toMatchObject({ status: 400, code: "unsupported_parameter" });
    expect((streamErr as Error).message).toBe(
      "anthropic: Anthropic has no seed; remove it from the request, or set providers.settings.anthropic.unsupportedParameters: drop",
    );
    expect(h.upstream.requests).toHaveLength(0);
  });

  it("sends temperature, top_p and top_k on API version 2023-06-01, with the version and betas headers", async () => {
    const h = await start({
      anthropicVersion: "2023-06-01",
      betas: ["context-1m-2025-08-07", "b2"],
    });
    await h.provider.chat({
      messages: hello,
      temperature: 0.2,
      topP: 0.9,
      providerOptions: { anthropic: { top_k: 5 }, openai: { top_k: 99 } },
    });
    expect(requestBody(h)).toMatchObject({ temperature: 0.2, top_p: 0.9, top_k: 5 });
    const headers = h.upstream.requests[0]?.headers ?? {};
    expect(headers["anthropic-version"]).toBe("2023-06-01");
    expect(headers["anthropic-beta"]).toBe("context-1m-2025-08-07,b2");
  });

  it("rejects tool arguments that are not JSON with a clear 400, sending nothing", async () => {
    const h = await start();
    const err = await rejectionOf(
      h.provider.chat({
        messages: [
          { role: "user", content: "x" },
          { role: "assistant", toolCalls: [{ id: "t", name: "f", arguments: '{"a":' }] },
          { role: "tool", toolCallId: "t", content: "r" },
        ],
      }),
    );
    expect(err).toMatchObject({
      status: 400,
      code: "invalid_request",
      retryable: false,
      provider: "anthropic",
    });
    expect((err as Error).message).toContain("messages[1].toolCalls[0].arguments");
    expect(h.upstream.requests).toHaveLength(0);
  });

  it("rejects bad provider options with a 400 naming the field, sending nothing", async () => {
    const h = await start();
    const err = await rejectionOf(
      h.provider.chat({
        messages: hello,
        providerOptions: { anthropic: { thinking: { type: "enabled" } } },
      }),
    );
    expect(err).toMatchObject({ status: 400, code: "invalid_provider_options" });
    expect(h.upstream.requests).toHaveLength(0);
  });

  it("maps extended thinking: the request's thinking and budget, reasoning back in chat", async () => {
    const h = await start();
    h.upstream.reset();
    h.upstream.on(
      chatRoute.method,
      chatRoute.path,
      reply(
        [
          { type: "thinking", thinking: "Two plus two.", signature: "EqQBCgIYAh" },
          { type: "text", text: "4", citations: null },
        ],
        "end_turn",
        { input_tokens: 20, output_tokens: 30, output_tokens_details: { thinking_tokens: 12 } },
      ),
    );
    const res = await h.provider.chat({
      messages: hello,
      providerOptions: { anthropic: { thinking: { type: "enabled", budget_tokens: 1024 } } },
    });
    expect(requestBody(h)).toMatchObject({
      thinking: { type: "enabled", budget_tokens: 1024 },
      max_tokens: 4096 + 1024,
    });
    expect(res).toMatchObject({
      output: "4",
      reasoning: "Two plus two.",
      usage: { promptTokens: 20, completionTokens: 30, totalTokens: 50, reasoningTokens: 12 },
    });
  });

  it("streams thinking as reasoning deltas, then the text", async () => {
    const h = await start();
    h.upstream.reset();
    const frames = anthropicStreamFrames({ ...scenario, text: "4" });
    frames.splice(
      1,
      0,
      anthropicFrame({
        type: "content_block_start",
        index: 9,
        content_block: { type: "thinking", thinking: "", signature: "" },
      }),
      anthropicFrame({
        type: "content_block_delta",
        index: 9,
        delta: { type: "thinking_delta", thinking: "Two plus " },
      }),
      anthropicFrame({
        type: "content_block_delta",
        index: 9,
        delta: { type: "thinking_delta", thinking: "two." },
      }),
      anthropicFrame({
        type: "content_block_delta",
        index: 9,
        delta: { type: "signature_delta", signature: "EqQB" },
      }),
      anthropicFrame({ type: "content_block_stop", index: 9 }),
    );
    h.upstream.on(streamRoute.method, streamRoute.path, sse(frames));
    const events = await collectEvents(h.provider.stream?.({ messages: hello }));
    expect(reasoningOf(events)).toBe("Two plus two.");
    expect(textOf(events)).toBe("4");
    expect(events.findIndex((e) => e.type === "reasoning-delta")).toBeLessThan(
      events.findIndex((e) => e.type === "text-delta"),
    );
  });

  it("serves json_object through a forced json tool, in chat and in a stream", async () => {
    const h = await start();
    h.upstream.reset();
    h.upstream.on(
      chatRoute.method,
      chatRoute.path,
      reply([{ type: "tool_use", id: "toolu_j", name: "json", input: { answer: 42 } }], "tool_use"),
    );
    h.upstream.on(
      streamRoute.method,
      streamRoute.path,
      wire.streamReply?.({
        ...scenario,
        text: "",
        toolCalls: [{ id: "toolu_j", name: "json", arguments: '{"answer":42}' }],
        rawFinishReason: "tool_use",
      }) ?? json({}),
    );
    const res = await h.provider.chat({ messages: hello, responseFormat: { type: "json_object" } });
    expect(res).toMatchObject({ output: '{"answer":42}', finishReason: "stop" });
    expect(requestBody(h)).toMatchObject({
      tools: [{ name: "json" }],
      tool_choice: { type: "tool", name: "json" },
    });
    const events = await collectEvents(
      h.provider.stream?.({ messages: hello, responseFormat: { type: "json_object" } }),
    );
    expect(JSON.parse(textOf(events))).toEqual({ answer: 42 });
    expect(events.some((e) => e.type.startsWith("tool-call"))).toBe(false);
    expect(events.at(-1)).toMatchObject({ type: "finish", finishReason: "stop" });
  });

  it("reassembles text and tool arguments whose bytes are split mid-UTF-8 and mid-JSON", async () => {
    const h = await start();
    h.upstream.reset();
    const args = '{"city":"Zürich 🏔️","note":"naïve – ✓","n":[1,2.5e3,null]}';
    const frames = anthropicStreamFrames({
      ...scenario,
      text: "Grüße 👋🏽 aus Zürich",
      toolCalls: [{ id: "toolu_u", name: "get_weather", arguments: args }],
      rawFinishReason: "tool_use",
    });
    // One byte per write: every multi-byte character arrives split across reads.
    h.upstream.on(streamRoute.method, streamRoute.path, sse(frames, { splitEvery: 1 }));
    const events = await collectEvents(
      h.provider.stream?.({ messages: hello, tools: [weatherTool] }),
    );
    expect(textOf(events)).toBe("Grüße 👋🏽 aus Zürich");
    const end = events.find((e) => e.type === "tool-call-end");
    expect(end).toMatchObject({ id: "toolu_u", name: "get_weather", arguments: args });
    const deltas = events.flatMap((e) => (e.type === "tool-call-delta" ? [e.argumentsDelta] : []));
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.join("")).toBe(args);
    expect(events.at(-1)).toMatchObject({ type: "finish", finishReason: "tool_calls" });
  });

  it("maps usage with cache reads and writes in chat", async () => {
    const h = await start();
    h.upstream.reset();
    h.upstream.on(
      chatRoute.method,
      chatRoute.path,
      reply([{ type: "text", text: "OK", citations: null }], "end_turn", {
        input_tokens: 10,
        cache_creation_input_tokens: 100,
        cache_read_input_tokens: 7351,
        output_tokens: 4,
      }),
    );
    const res = await h.provider.chat({
      messages: hello,
      providerOptions: { anthropic: { cache_control: { type: "ephemeral" } } },
    });
    expect(requestBody(h)).toMatchObject({ cache_control: { type: "ephemeral" } });
    expect(res.usage).toEqual({
      promptTokens: 7461,
      completionTokens: 4,
      totalTokens: 7465,
      cachedPromptTokens: 7351,
      cacheWritePromptTokens: 100,
    });
  });

  it("drops a trailing /v1 from the base URL rather than doubling it", async () => {
    const h = await startAnthropic((url) => ({ baseURL: `${url}/v1/` }));
    harness = h;
    h.upstream.on(chatRoute.method, chatRoute.path, wire.chatReply(scenario));
    await h.provider.chat({ messages: hello });
    expect(h.upstream.requests[0]?.path).toBe("/v1/messages");
  });

  it("streams without usage: no usage event, and finish still last", async () => {
    const h = await start();
    h.upstream.reset();
    const strip = (event: Record<string, unknown>) => {
      const { usage: _u, ...rest } = event;
      return rest;
    };
    const frames = anthropicStreamFrames(scenario).map((f) => {
      if (!("data" in f) || typeof f.data !== "object") return f;
      const data = f.data as Record<string, unknown>;
      if (data.type === "message_start")
        return { ...f, data: { ...data, message: strip(data.message as Record<string, unknown>) } };
      if (data.type === "message_delta") return { ...f, data: strip(data) };
      return f;
    });
    h.upstream.on(streamRoute.method, streamRoute.path, sse(frames));
    const events = await collectEvents(h.provider.stream?.({ messages: hello }));
    expect(textOf(events)).toBe(scenario.text);
    expect(events.some((e) => e.type === "usage")).toBe(false);
    expect(events.at(-1)).toMatchObject({ type: "finish", finishReason: "stop" });
  });

  it("sends a tool without a parameters type as an object schema, and rejects a non-object schema", async () => {
    const h = await start();
    await h.provider.chat({
      messages: hello,
      tools: [{ name: "refresh", parameters: {} }],
      toolChoice: "auto",
    });
    expect(requestBody(h)).toMatchObject({
      tools: [{ name: "refresh", input_schema: { type: "object" } }],
      tool_choice: { type: "auto" },
    });
    const err = await rejectionOf(
      h.provider.chat({ messages: hello, tools: [{ name: "bad", parameters: { type: "array" } }] }),
    );
    expect(err).toMatchObject({ status: 400, code: "invalid_request" });
    expect((err as Error).message).toContain("tools[0].parameters");
    expect(h.upstream.requests).toHaveLength(1);
  });

  it("lists models across pages", async () => {
    const h = await start();
    const card = (id: string) => ({
      type: "model",
      id,
      display_name: id,
      created_at: "2026-01-01T00:00:00Z",
    });
    h.upstream.on(
      "GET",
      (r) => r.path === "/v1/models" && !r.query.after_id,
      json({
        data: [card("claude-opus-4-8"), card("claude-sonnet-4-6")],
        has_more: true,
        first_id: "claude-opus-4-8",
        last_id: "claude-sonnet-4-6",
      }),
    );
    h.upstream.on(
      "GET",
      (r) => r.path === "/v1/models" && r.query.after_id === "claude-sonnet-4-6",
      json({
        data: [card("claude-haiku-4-5")],
        has_more: false,
        first_id: "claude-haiku-4-5",
        last_id: "claude-haiku-4-5",
      }),
    );
    expect(await h.provider.listModels?.()).toEqual([
      { id: "claude-opus-4-8", ownedBy: "anthropic" },
      { id: "claude-sonnet-4-6", ownedBy: "anthropic" },
      { id: "claude-haiku-4-5", ownedBy: "anthropic" },
    ]);
    expect(h.upstream.requests[0]?.query.limit).toBe("1000");
  });

  it("probes with one cheap models call, and reports a rejected key without the key", async () => {
    const h = await start();
    h.upstream.on(
      "GET",
      /\/v1\/models$/,
      json(anthropicErrorBody("authentication_error", `invalid x-api-key ${TEST_KEY}`), {
        status: 401,
      }),
    );
    const result = await h.provider.probe?.();
    expect(result).toMatchObject({ ok: false });
    expect(result?.detail).toContain("invalid x-api-key");
    expect(result?.detail).not.toContain(TEST_KEY);
    expect(h.upstream.requests).toHaveLength(1);
    expect(h.upstream.requests[0]?.query.limit).toBe("1");
  });

  it("fails calls after close()", async () => {
    const h = await start();
    await h.provider.close?.();
    expect(await rejectionOf(h.provider.chat({ messages: hello }))).toBeDefined();
  });
});
