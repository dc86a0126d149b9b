import type { ChatStreamEvent } from "@oss-ai-agent-tool/core";
import {
  fault,
  type Harness,
  type MockReply,
  type RecordedRequest,
} from "@oss-ai-agent-tool/testkit";
import { afterEach, describe, expect, it } from "vitest";
import plugin from "../src/index.js";
import { azureOpenAIWire, TEST_API_VERSION } from "./azure-wire.js";
import { hello, rejection, startAzure, textOf } from "./helpers.js";

const wire = azureOpenAIWire();
const scenario = {
  id: "chatcmpl-fault",
  model: "gpt-4o-2024-08-06",
  text: "The quick brown fox jumps over the lazy dog.",
  rawFinishReason: "stop",
  usage: { promptTokens: 9, completionTokens: 11, totalTokens: 20 },
};
const streamRoute = wire.routes.stream ?? wire.routes.chat;

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function start(overrides: Record<string, unknown> = {}): Promise<Harness> {
  harness = await startAzure(plugin, (url) => ({
    endpoint: url,
    apiVersion: TEST_API_VERSION,
    retryAttempts: 3,
    ...overrides,
  }));
  return harness;
}

/** The stream reply for the scenario, resolved for a request (it depends on include_usage). */
function streamReply(options?: { delayMs?: number }) {
  const source = wire.streamReply?.(scenario, options);
  return async (request: RecordedRequest): Promise<MockReply> => {
    if (typeof source !== "function") throw new Error("the Azure wire streams through a factory");
    return source(request);
  };
}

/** Reads a stream to its end or its error, keeping what arrived before the error. */
async function drain(stream: AsyncIterable<ChatStreamEvent> | undefined) {
  const events: ChatStreamEvent[] = [];
  try {
    for await (const event of stream ?? []) events.push(event);
    return { events, error: undefined };
  } catch (error) {
    return { events, error };
  }
}

describe("azure-openai: faults", () => {
  it("waits out a 429's Retry-After on a stream, then streams", async () => {
    const h = await start();
    h.upstream.once(
      streamRoute.method,
      streamRoute.path,
      wire.errorReply(
        429,
        "Requests to the ChatCompletions_Create Operation have exceeded the rate limit.",
        {
          "retry-after": "1",
        },
      ),
    );
    h.upstream.on(streamRoute.method, streamRoute.path, streamReply());
    const started = performance.now();
    const { events, error } = await drain(
      h.provider.stream?.({ model: "gpt-4o", messages: hello }),
    );
    expect(error).toBeUndefined();
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(textOf(events)).toBe(scenario.text);
    expect(h.upstream.requests).toHaveLength(2);
  });

  it("retries a 500 on a stream", async () => {
    const h = await start();
    h.upstream.once(streamRoute.method, streamRoute.path, fault.status(500));
    h.upstream.on(streamRoute.method, streamRoute.path, streamReply());
    const { events } = await drain(h.provider.stream?.({ model: "gpt-4o", messages: hello }));
    expect(events.at(-1)).toMatchObject({ type: "finish", finishReason: "stop" });
    expect(h.upstream.requests).toHaveLength(2);
  });

  it("retries a connection reset before the response", async () => {
    const h = await start();
    h.upstream.once(wire.routes.chat.method, wire.routes.chat.path, fault.resetBeforeResponse());
    h.upstream.on(wire.routes.chat.method, wire.routes.chat.path, wire.chatReply(scenario));
    const res = await h.provider.chat({ model: "gpt-4o", messages: hello });
    expect(res.output).toBe(scenario.text);
    expect(h.upstream.requests).toHaveLength(2);
  });

  it("times out a stream that hangs before its headers", async () => {
    const h = await start({ timeoutMs: 150, retryAttempts: 1 });
    h.upstream.on(streamRoute.method, streamRoute.path, fault.hang());
    const { error } = await drain(h.provider.stream?.({ model: "gpt-4o", messages: hello }));
    expect(error).toMatchObject({ status: 504, code: "timeout" });
    await h.upstream.waitForAbortedRequests(1);
  });

  it("times out a stream that sends headers and then nothing", async () => {
    const h = await start({ timeoutMs: 150, retryAttempts: 1 });
    h.upstream.on(streamRoute.method, streamRoute.path, fault.hangAfterHeaders());
    const { error } = await drain(h.provider.stream?.({ model: "gpt-4o", messages: hello }));
    expect(error).toMatchObject({ status: 504, code: "timeout" });
  });

  it("fails a stream reset mid-way after its first text, without retrying", async () => {
    const h = await start();
    h.upstream.on(streamRoute.method, streamRoute.path, async (request) =>
      fault.resetAfter(await streamReply()(request), { afterEvents: 5 }),
    );
    const { events, error } = await drain(
      h.provider.stream?.({ model: "gpt-4o", messages: hello }),
    );
    expect(textOf(events).length).toBeGreaterThan(0);
    expect(events.some((e) => e.type === "finish")).toBe(false);
    expect(error).toMatchObject({ status: 502, retryable: true });
    // Text already reached the client: a retry would repeat it.
    expect(h.upstream.requests).toHaveLength(1);
  });

  it("fails a stream that stalls mid-way with an idle timeout", async () => {
    const h = await start({ idleTimeoutMs: 150, retryAttempts: 1 });
    h.upstream.on(streamRoute.method, streamRoute.path, async (request) =>
      fault.stallAfter(await streamReply()(request), { afterEvents: 4 }),
    );
    const { events, error } = await drain(
      h.provider.stream?.({ model: "gpt-4o", messages: hello }),
    );
    expect(textOf(events).length).toBeGreaterThan(0);
    expect(error).toMatchObject({ status: 504, code: "timeout" });
    await h.upstream.waitForAbortedRequests(1);
  });

  it("reports a stream that ends without its finish as truncated", async () => {
    const h = await start({ retryAttempts: 1 });
    h.upstream.on(streamRoute.method, streamRoute.path, async (request) =>
      fault.truncate(await streamReply()(request), 6),
    );
    const { error } = await drain(h.provider.stream?.({ model: "gpt-4o", messages: hello }));
    expect(error).toMatchObject({ status: 502, code: "truncated_stream" });
  });

  it("reports malformed JSON as a failed call", async () => {
    const h = await start({ retryAttempts: 1 });
    h.upstream.on(wire.routes.chat.method, wire.routes.chat.path, fault.malformedJson());
    const err = await rejection(h.provider.chat({ model: "gpt-4o", messages: hello }));
    expect(err).toMatchObject({ provider: "azure-openai" });
  });
});
