import {
  anthropicErrorBody,
  anthropicFrame,
  anthropicStreamFrames,
  anthropicWire,
  type ChatScenario,
  collectEvents,
  collectUntilError,
  fault,
  type Harness,
  json,
  rejectionOf,
  runStreamFaultSuite,
  sse,
  textOf,
  type WireAdapter,
} from "@oss-ai-agent-tool/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { startAnthropic } from "./helpers.js";

const wire = anthropicWire();

// The shared fault suite speaks in OpenAI finish reasons ("stop"); Anthropic says end_turn.
const toAnthropic = (s: ChatScenario): ChatScenario => ({
  ...s,
  rawFinishReason: s.rawFinishReason === "stop" ? "end_turn" : s.rawFinishReason,
});
const faultWire: WireAdapter = {
  ...wire,
  chatReply: (s) => wire.chatReply(toAnthropic(s)),
  streamReply: (s, options) => wire.streamReply?.(toAnthropic(s), options) ?? fault.status(500),
};

runStreamFaultSuite({
  name: "anthropic: wire faults",
  providerId: "anthropic",
  wire: faultWire,
  model: "claude-haiku-4-5",
  rateLimitMessage: "Number of request tokens has exceeded your per-minute rate limit",
  start: (overrides) => startAnthropic((url) => ({ baseURL: url, retryAttempts: 3, ...overrides })),
});

const hello = [{ role: "user" as const, content: "Say hello." }];
const scenario: ChatScenario = {
  id: "msg_fault_1",
  model: "claude-haiku-4-5",
  text: "Hello there, how are you today?",
  rawFinishReason: "end_turn",
  usage: { promptTokens: 3, completionTokens: 9, totalTokens: 12 },
};
const chat = wire.routes.chat;
const stream = wire.routes.stream ?? chat;

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function start(overrides: Record<string, unknown> = {}): Promise<Harness> {
  harness = await startAnthropic((url) => ({ baseURL: url, ...overrides }));
  return harness;
}

describe("anthropic: faults through the SDK", () => {
  it("429 with Retry-After: keeps the wait on the error, the code from the body", async () => {
    const h = await start({ retryAttempts: 1 });
    h.upstream.on(
      chat.method,
      chat.path,
      wire.errorReply(429, "Number of requests has exceeded your rate limit", {
        "retry-after": "7",
      }),
    );
    const err = await rejectionOf(h.provider.chat({ messages: hello }));
    expect(err).toMatchObject({
      status: 429,
      code: "rate_limit_error",
      retryable: true,
      retryAfterMs: 7000,
      provider: "anthropic",
      message: "anthropic: Number of requests has exceeded your rate limit (HTTP 429)",
    });
  });

  it("500 api_error: retryable, and a retry then succeeds", async () => {
    const h = await start({ retryAttempts: 2 });
    h.upstream.once(chat.method, chat.path, wire.errorReply(500, "Internal server error"));
    h.upstream.on(chat.method, chat.path, wire.chatReply(scenario));
    const res = await h.provider.chat({ messages: hello });
    expect(res.output).toBe(scenario.text);
    expect(h.upstream.requests).toHaveLength(2);
  });

  it("529 overloaded over HTTP: a retryable 529", async () => {
    const h = await start({ retryAttempts: 1 });
    h.upstream.on(stream.method, stream.path, wire.errorReply(529, "Overloaded"));
    const err = await rejectionOf(collectEvents(h.provider.stream?.({ messages: hello })));
    expect(err).toMatchObject({ status: 529, code: "overloaded_error", retryable: true });
  });

  it("an overloaded_error event inside a 200 stream before any content: a retryable 529, retried", async () => {
    const h = await start({ retryAttempts: 1 });
    h.upstream.on(
      stream.method,
      stream.path,
      wire.streamErrorReply?.(529, "Overloaded") ?? fault.status(500),
    );
    const err = await rejectionOf(collectEvents(h.provider.stream?.({ messages: hello })));
    expect(err).toMatchObject({
      status: 529,
      code: "overloaded_error",
      retryable: true,
      provider: "anthropic",
      message: "anthropic: Overloaded (overloaded_error)",
    });

    await h.close();
    const h2 = await start({ retryAttempts: 2 });
    h2.upstream.once(
      stream.method,
      stream.path,
      wire.streamErrorReply?.(529, "Overloaded") ?? fault.status(500),
    );
    h2.upstream.on(stream.method, stream.path, wire.streamReply?.(scenario) ?? fault.status(500));
    const events = await collectEvents(h2.provider.stream?.({ messages: hello }));
    expect(textOf(events)).toBe(scenario.text);
    expect(h2.upstream.requests).toHaveLength(2);
  });

  it("an error event after text reached the client is not retried", async () => {
    const h = await start({ retryAttempts: 3 });
    const frames = anthropicStreamFrames(scenario).slice(0, 5);
    h.upstream.on(
      stream.method,
      stream.path,
      sse([
        ...frames,
        { event: "error", data: anthropicErrorBody("overloaded_error", "Overloaded") },
      ]),
    );
    const { events, error } = await collectUntilError(h.provider.stream?.({ messages: hello }));
    expect(textOf(events).length).toBeGreaterThan(0);
    expect(error).toMatchObject({ status: 529, retryable: true });
    expect(h.upstream.requests).toHaveLength(1);
  });

  it("a non-retryable error event (invalid_request_error) is not retried", async () => {
    const h = await start({ retryAttempts: 3 });
    h.upstream.on(
      stream.method,
      stream.path,
      sse([{ event: "error", data: anthropicErrorBody("invalid_request_error", "bad input") }]),
    );
    const err = await rejectionOf(collectEvents(h.provider.stream?.({ messages: hello })));
    expect(err).toMatchObject({ retryable: false, provider: "anthropic" });
    expect(h.upstream.requests).toHaveLength(1);
  });

  it("a stream cut inside a tool call is truncated, and does not end the call on partial arguments", async () => {
    const h = await start({ retryAttempts: 1 });
    const frames = anthropicStreamFrames({
      ...scenario,
      text: "",
      toolCalls: [{ id: "toolu_1", name: "f", arguments: '{"a":1}' }],
      rawFinishReason: "tool_use",
    });
    // Everything up to the last argument fragment: no content_block_stop, message_delta or message_stop.
    h.upstream.on(stream.method, stream.path, sse(frames.slice(0, -3)));
    const { events, error } = await collectUntilError(h.provider.stream?.({ messages: hello }));
    expect(error).toMatchObject({ status: 502, code: "truncated_stream" });
    expect(events.some((e) => e.type === "tool-call-start")).toBe(true);
    expect(events.some((e) => e.type === "tool-call-end")).toBe(false);
  });

  it("a stream cut after message_delta, before message_stop, is truncated", async () => {
    const h = await start({ retryAttempts: 1 });
    h.upstream.on(stream.method, stream.path, sse(anthropicStreamFrames(scenario).slice(0, -1)));
    const { events, error } = await collectUntilError(h.provider.stream?.({ messages: hello }));
    expect(textOf(events)).toBe(scenario.text);
    expect(error).toMatchObject({ status: 502, code: "truncated_stream" });
  });

  it("a 200 reply that is not a message is a 502 invalid_response", async () => {
    const h = await start({ retryAttempts: 1 });
    h.upstream.on(chat.method, chat.path, json({ id: "x", content: "none" }));
    expect(await rejectionOf(h.provider.chat({ messages: hello }))).toMatchObject({
      status: 502,
      code: "invalid_response",
    });
  });

  it("a stream event that is not JSON is a 502 invalid_response", async () => {
    const h = await start({ retryAttempts: 1 });
    h.upstream.on(stream.method, stream.path, sse([{ event: "message_start", data: "{not json" }]));
    expect(
      await rejectionOf(collectEvents(h.provider.stream?.({ messages: hello }))),
    ).toMatchObject({
      status: 502,
      code: "invalid_response",
    });
  });

  it("the caller's abort mid-stream stops the upstream request", async () => {
    const h = await start();
    h.upstream.on(
      stream.method,
      stream.path,
      wire.streamReply?.(scenario, { delayMs: 50 }) ?? fault.status(500),
    );
    const controller = new AbortController();
    const err = await rejectionOf(
      (async () => {
        for await (const event of h.provider.stream?.(
          { messages: hello },
          { signal: controller.signal },
        ) ?? []) {
          if (event.type === "text-delta") controller.abort();
        }
      })(),
    );
    expect(err).toMatchObject({ status: 499, code: "aborted", retryable: false });
    await h.upstream.waitForAbortedRequests(1);
  });

  it("reads the message of an error a proxy sent as plain text", async () => {
    const h = await start({ retryAttempts: 1 });
    h.upstream.on(chat.method, chat.path, fault.status(502, { body: "upstream connect error" }));
    expect(await rejectionOf(h.provider.chat({ messages: hello }))).toMatchObject({
      status: 502,
      retryable: true,
      message: "anthropic: upstream connect error (HTTP 502)",
    });
  });

  it("an unnamed SSE anthropicFrame is ignored, as the SDK ignores it", async () => {
    const h = await start({ retryAttempts: 1 });
    h.upstream.on(
      stream.method,
      stream.path,
      sse([{ data: { type: "message_start" } }, ...anthropicStreamFrames(scenario)]),
    );
    const events = await collectEvents(h.provider.stream?.({ messages: hello }));
    expect(textOf(events)).toBe(scenario.text);
    expect(anthropicFrame({ type: "ping" })).toEqual({ event: "ping", data: { type: "ping" } });
  });
});
