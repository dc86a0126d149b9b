import {
  collectEvents,
  fault,
  type Harness,
  json,
  mistralWire,
  rejectionOf,
  sse,
} from "@oss-ai-agent-tool/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { startMistral } from "./helpers.js";

// Faults scripted on the mock upstream and seen through the real SDK and core's runners.
const wire = mistralWire();
const hello = [{ role: "user" as const, content: "Say hello." }];
const scenario = {
  id: "cmpl_fault",
  model: "mistral-small-latest",
  text: "Hello there, how are you today?",
  rawFinishReason: "stop",
  usage: { promptTokens: 3, completionTokens: 9, totalTokens: 12 },
};
const chat = wire.routes.chat;
const stream = wire.routes.stream ?? chat;
const streamReply = (options?: { delayMs?: number }) => {
  const reply = wire.streamReply?.(scenario, options);
  if (!reply || typeof reply === "function") throw new Error("expected a fixed stream reply");
  return reply;
};

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function start(overrides: Record<string, unknown> = {}): Promise<Harness> {
  harness = await startMistral((url) => ({ baseURL: url, ...overrides }));
  return harness;
}

describe("faults through the SDK", () => {
  it("429 with Retry-After: keeps the wait on the error and honours it on retry", async () => {
    const h = await start({ retryAttempts: 1 });
    h.upstream.once(
      chat.method,
      chat.path,
      wire.errorReply(429, "Rate limit exceeded", { "retry-after": "7" }),
    );
    const err = await rejectionOf(h.provider.chat({ messages: hello }));
    expect(err).toMatchObject({
      status: 429,
      code: "rate_limited",
      retryable: true,
      retryAfterMs: 7000,
      provider: "mistral",
    });

    await h.close();
    const h2 = await start({ retryAttempts: 2 });
    h2.upstream.once(
      chat.method,
      chat.path,
      wire.errorReply(429, "Rate limit exceeded", { "retry-after": "0.2" }),
    );
    h2.upstream.on(chat.method, chat.path, wire.chatReply(scenario));
    const started = performance.now();
    const res = await h2.provider.chat({ messages: hello });
    expect(res.output).toBe(scenario.text);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    expect(h2.upstream.requests).toHaveLength(2);
  });

  it("500: retryable; retried, then the success is returned", async () => {
    const h = await start({ retryAttempts: 1 });
    h.upstream.once(chat.method, chat.path, fault.status(500));
    expect(await rejectionOf(h.provider.chat({ messages: hello }))).toMatchObject({
      status: 500,
      code: "upstream_error",
      retryable: true,
    });
    await h.close();
    const h2 = await start({ retryAttempts: 2 });
    h2.upstream.once(stream.method, stream.path, wire.errorReply(500, "Internal error"));
    h2.upstream.on(stream.method, stream.path, streamReply());
    const events = await collectEvents(h2.provider.stream?.({ messages: hello }));
    expect(events.at(-1)).toMatchObject({ type: "finish", finishReason: "stop" });
    expect(h2.upstream.requests).toHaveLength(2);
  });

  it("a 422 validation error is not retried", async () => {
    const h = await start();
    h.upstream.on(
      chat.method,
      chat.path,
      fault.status(422, {
        body: {
          object: "error",
          message: {
            detail: [
              {
                type: "extra_forbidden",
                loc: ["body", "x"],
                msg: "Extra inputs are not permitted",
              },
            ],
          },
          type: "invalid_request_error",
          param: null,
          code: null,
        },
      }),
    );
    expect(await rejectionOf(h.provider.chat({ messages: hello }))).toMatchObject({
      status: 422,
      retryable: false,
    });
    expect(h.upstream.requests).toHaveLength(1);
  });

  it("hang: a chat times out as a retryable 504 and the request is aborted", async () => {
    const h = await start({ timeoutMs: 1_000, retryAttempts: 1 });
    h.upstream.on(chat.method, chat.path, fault.hang());
    expect(await rejectionOf(h.provider.chat({ messages: hello }))).toMatchObject({
      status: 504,
      code: "timeout",
      retryable: true,
    });
    await h.upstream.waitForAbortedRequests(1);
  });

  it("hang after headers: a stream times out waiting for its first event", async () => {
    const h = await start({ timeoutMs: 1_000, retryAttempts: 1 });
    h.upstream.on(stream.method, stream.path, fault.hangAfterHeaders());
    expect(
      await rejectionOf(collectEvents(h.provider.stream?.({ messages: hello }))),
    ).toMatchObject({
      status: 504,
      code: "timeout",
    });
    await h.upstream.waitForAbortedRequests(1);
  });

  it("stall mid-stream: the idle timeout ends the stream", async () => {
    const h = await start({ idleTimeoutMs: 150, retryAttempts: 1 });
    h.upstream.on(stream.method, stream.path, fault.stallAfter(streamReply(), { afterEvents: 3 }));
    const events: string[] = [];
    const err = await rejectionOf(
      (async () => {
        for await (const event of h.provider.stream?.({ messages: hello }) ?? [])
          events.push(event.type);
      })(),
    );
    expect(err).toMatchObject({ status: 504, code: "timeout" });
    expect(events).toContain("text-delta");
    await h.upstream.waitForAbortedRequests(1);
  });

  it("reset mid-stream after output: the error reaches the consumer, nothing is retried", async () => {
    const h = await start({ retryAttempts: 3 });
    h.upstream.on(stream.method, stream.path, fault.resetAfter(streamReply(), { afterEvents: 3 }));
    const events: string[] = [];
    const err = await rejectionOf(
      (async () => {
        for await (const event of h.provider.stream?.({ messages: hello }) ?? [])
          events.push(event.type);
      })(),
    );
    expect(err).toMatchObject({ status: 502, retryable: true, provider: "mistral" });
    expect(events.filter((t) => t === "text-delta").length).toBeGreaterThan(0);
    expect(events).not.toContain("finish");
    expect(h.upstream.requests).toHaveLength(1);
  });

  it("reset before the first event: retried, then streamed in full", async () => {
    const h = await start({ retryAttempts: 2 });
    h.upstream.once(
      stream.method,
      stream.path,
      fault.resetAfter(streamReply(), { afterEvents: 1 }),
    );
    h.upstream.on(stream.method, stream.path, streamReply());
    const events = await collectEvents(h.provider.stream?.({ messages: hello }));
    const text = events.flatMap((e) => (e.type === "text-delta" ? [e.delta] : [])).join("");
    expect(text).toBe(scenario.text);
    expect(h.upstream.requests).toHaveLength(2);
  });

  it("reset before any response: a chat is retried", async () => {
    const h = await start({ retryAttempts: 2 });
    h.upstream.once(chat.method, chat.path, fault.resetBeforeResponse());
    h.upstream.on(chat.method, chat.path, wire.chatReply(scenario));
    expect((await h.provider.chat({ messages: hello })).output).toBe(scenario.text);
    expect(h.upstream.requests).toHaveLength(2);
  });

  it("a stream cut off cleanly before its finish chunk is reported as truncated", async () => {
    const h = await start({ retryAttempts: 1 });
    h.upstream.on(stream.method, stream.path, fault.truncate(streamReply(), 4));
    expect(
      await rejectionOf(collectEvents(h.provider.stream?.({ messages: hello }))),
    ).toMatchObject({
      status: 502,
      code: "truncated_stream",
    });
  });

  it("a malformed JSON reply is a 502 invalid_response, not an empty success", async () => {
    const h = await start({ retryAttempts: 1 });
    h.upstream.on(chat.method, chat.path, fault.malformedJson());
    expect(await rejectionOf(h.provider.chat({ messages: hello }))).toMatchObject({
      status: 502,
      code: "invalid_response",
      provider: "mistral",
    });
  });

  it("a 200 reply of the wrong shape is a 502 invalid_response, not a status-200 error", async () => {
    const h = await start({ retryAttempts: 1 });
    h.upstream.on(chat.method, chat.path, json({ id: "x", choices: "none" }));
    expect(await rejectionOf(h.provider.chat({ messages: hello }))).toMatchObject({
      status: 502,
      code: "invalid_response",
    });
  });

  it("a stream chunk that is not JSON is a 502 invalid_response", async () => {
    const h = await start({ retryAttempts: 1 });
    h.upstream.on(stream.method, stream.path, sse([{ data: "{not json" }], { done: true }));
    expect(
      await rejectionOf(collectEvents(h.provider.stream?.({ messages: hello }))),
    ).toMatchObject({
      status: 502,
      code: "invalid_response",
    });
  });

  it.each([
    [401, { detail: "Invalid API Key" }, "Invalid API Key"],
    [
      422,
      {
        object: "error",
        message: {
          detail: [
            {
              type: "extra_forbidden",
              loc: ["body", "store"],
              msg: "Extra inputs are not permitted",
            },
          ],
        },
        type: "invalid_request_error",
        param: null,
        code: null,
      },
      "body.store: Extra inputs are not permitted",
    ],
    [429, { message: "Requests rate limit exceeded" }, "Requests rate limit exceeded"],
  ])("a %i error reads its message from Mistral's body", async (status, body, message) => {
    const h = await start({ retryAttempts: 1 });
    h.upstream.on(chat.method, chat.path, fault.status(status, { body }));
    const err = await rejectionOf(h.provider.chat({ messages: hello }));
    expect(err).toMatchObject({ status, message: `mistral: ${message} (HTTP ${status})` });
  });

  it("the caller's abort mid-stream stops the upstream request", async () => {
    const h = await start();
    h.upstream.on(stream.method, stream.path, streamReply({ delayMs: 50 }));
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
});
