import {
  awsEventStream,
  bedrockEvent,
  bedrockException,
  bedrockStreamFrames,
  bedrockWire,
  type ChatScenario,
  collectEvents,
  collectUntilError,
  fault,
  type Harness,
  rejectionOf,
  runStreamFaultSuite,
  textOf,
} from "@oss-ai-agent-tool/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { startBedrock, testSettings } from "./helpers.js";

// Faults scripted on the mock upstream and seen through the real SDK and core's runners.
const wire = bedrockWire();
const MODEL = "amazon.nova-lite-v1:0";
const hello = [{ role: "user" as const, content: "Say hello." }];
const scenario = {
  id: "req-fault",
  model: MODEL,
  text: "Hello there, how are you today?",
  rawFinishReason: "end_turn",
  usage: { promptTokens: 3, completionTokens: 9, totalTokens: 12 },
};
const chat = wire.routes.chat;
const stream = wire.routes.stream ?? chat;
const frames = bedrockStreamFrames(scenario);

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function start(overrides: Record<string, unknown> = {}): Promise<Harness> {
  harness = await startBedrock({ settings: (url) => ({ ...testSettings(url), ...overrides }) });
  return harness;
}

// The shared suite scripts OpenAI's raw finish reason "stop"; Bedrock says "end_turn".
const bedrockReason = (s: ChatScenario): ChatScenario =>
  s.rawFinishReason === "stop" ? { ...s, rawFinishReason: "end_turn" } : s;

runStreamFaultSuite({
  name: "bedrock: wire faults",
  providerId: "bedrock",
  wire: {
    ...wire,
    chatReply: (s) => wire.chatReply(bedrockReason(s)),
    streamReply: (s, options) => wire.streamReply?.(bedrockReason(s), options) ?? fault.status(500),
  },
  model: MODEL,
  rateLimitMessage: "Too many requests, please wait before trying again.",
  start: (overrides) =>
    startBedrock({
      settings: (url) => ({ ...testSettings(url), retryAttempts: 3, ...overrides }),
    }),
});

describe("bedrock: AWS faults", () => {
  it("a ThrottlingException 429 keeps its Retry-After, and a retry honours it", async () => {
    const h = await start({ retryAttempts: 1 });
    h.upstream.once(
      chat.method,
      chat.path,
      wire.errorReply(429, "Too many requests", { "retry-after": "7" }),
    );
    expect(await rejectionOf(h.provider.chat({ model: MODEL, messages: hello }))).toMatchObject({
      status: 429,
      code: "ThrottlingException",
      retryable: true,
      retryAfterMs: 7000,
      provider: "bedrock",
    });
    await h.close();
    const h2 = await start({ retryAttempts: 2 });
    h2.upstream.once(
      chat.method,
      chat.path,
      wire.errorReply(429, "Too many requests", { "retry-after": "0.2" }),
    );
    h2.upstream.on(chat.method, chat.path, wire.chatReply(scenario));
    const started = performance.now();
    expect((await h2.provider.chat({ model: MODEL, messages: hello })).output).toBe(scenario.text);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    expect(h2.upstream.requests).toHaveLength(2);
  });

  it.each([
    [500, "InternalServerException", true],
    [503, "ServiceUnavailableException", true],
    [424, "ModelErrorException", false],
    [400, "ValidationException", false],
  ])("a %i %s keeps its status and code (retryable: %s)", async (status, code, retryable) => {
    const h = await start({ retryAttempts: 1 });
    h.upstream.on(chat.method, chat.path, wire.errorReply(status, `upstream says ${status}`));
    expect(await rejectionOf(h.provider.chat({ model: MODEL, messages: hello }))).toMatchObject({
      status,
      code,
      retryable,
      message: `bedrock: upstream says ${status}`,
    });
  });

  it("a ModelNotReadyException sent as a 429 is retried", async () => {
    const h = await start({ retryAttempts: 2 });
    h.upstream.once(
      chat.method,
      chat.path,
      wire.errorReply(429, "Model is not ready", {
        "x-amzn-errortype": "ModelNotReadyException:x",
      }),
    );
    h.upstream.on(chat.method, chat.path, wire.chatReply(scenario));
    expect((await h.provider.chat({ model: MODEL, messages: hello })).output).toBe(scenario.text);
  });

  it.each([
    ["throttlingException", 429],
    ["serviceUnavailableException", 503],
    ["internalServerException", 500],
    ["modelStreamErrorException", 502],
  ])("a %s frame before any content is retried", async (type) => {
    const h = await start({ retryAttempts: 2 });
    h.upstream.once(
      stream.method,
      stream.path,
      awsEventStream([frames[0]!, bedrockException(type, "try again")]),
    );
    h.upstream.on(stream.method, stream.path, awsEventStream(frames));
    const events = await collectEvents(h.provider.stream?.({ model: MODEL, messages: hello }));
    expect(textOf(events)).toBe(scenario.text);
    expect(h.upstream.requests).toHaveLength(2);
  });

  it.each([
    ["throttlingException", 429, true],
    ["modelStreamErrorException", 502, true],
    ["validationException", 400, false],
  ])(
    "a %s frame after text fails the stream with %i (retryable: %s) and is not retried",
    async (type, status, retryable) => {
      const h = await start({ retryAttempts: 3 });
      h.upstream.on(
        stream.method,
        stream.path,
        awsEventStream([...frames.slice(0, 3), bedrockException(type, "broke mid-stream")]),
      );
      const { events, error } = await collectUntilError(
        h.provider.stream?.({ model: MODEL, messages: hello }),
      );
      expect(textOf(events).length).toBeGreaterThan(0);
      expect(events.some((e) => e.type === "finish")).toBe(false);
      expect(error).toMatchObject({
        status,
        retryable,
        provider: "bedrock",
        message: "bedrock: broke mid-stream",
      });
      expect(h.upstream.requests).toHaveLength(1);
    },
  );

  it("a 500 before a stream starts is retried", async () => {
    const h = await start({ retryAttempts: 2 });
    h.upstream.once(stream.method, stream.path, wire.errorReply(500, "Internal error"));
    h.upstream.on(stream.method, stream.path, awsEventStream(frames));
    const events = await collectEvents(h.provider.stream?.({ model: MODEL, messages: hello }));
    expect(events.at(-1)).toMatchObject({ type: "finish", finishReason: "stop" });
    expect(h.upstream.requests).toHaveLength(2);
  });

  it("a hung Converse times out as a retryable 504 and the request is aborted", async () => {
    // Long enough for the request to reach the mock even on a loaded machine: an attempt
    // that times out before it is sent is never seen, so it could not be seen aborted.
    const h = await start({ timeoutMs: 1_000, retryAttempts: 1 });
    h.upstream.on(chat.method, chat.path, fault.hang());
    expect(await rejectionOf(h.provider.chat({ model: MODEL, messages: hello }))).toMatchObject({
      status: 504,
      code: "timeout",
      retryable: true,
    });
    await h.upstream.waitForAbortedRequests(1);
  });

  it("a connection reset in the middle of a frame fails the stream as a retryable network error", async () => {
    const h = await start({ retryAttempts: 3 });
    const reply = awsEventStream(frames);
    const cut = (reply.units[0]?.byteLength ?? 0) + (reply.units[1]?.byteLength ?? 0) + 10;
    h.upstream.on(stream.method, stream.path, fault.resetAfter(reply, { afterBytes: cut }));
    const { events, error } = await collectUntilError(
      h.provider.stream?.({ model: MODEL, messages: hello }),
    );
    expect(textOf(events).length).toBeGreaterThan(0);
    expect(error).toMatchObject({ status: 502, retryable: true, provider: "bedrock" });
    expect(h.upstream.requests).toHaveLength(1);
  });

  it("frames split across 3-byte writes and dripped slowly still decode", async () => {
    const h = await start();
    h.upstream.on(stream.method, stream.path, awsEventStream(frames, { splitEvery: 3 }));
    expect(
      textOf(await collectEvents(h.provider.stream?.({ model: MODEL, messages: hello }))),
    ).toBe(scenario.text);
    await h.close();
    const h2 = await start();
    h2.upstream.on(
      stream.method,
      stream.path,
      fault.slowDrip(awsEventStream(frames.slice(0, 4).concat(frames.slice(-3))), {
        bytesPerTick: 64,
        tickMs: 1,
      }),
    );
    const events = await collectEvents(h2.provider.stream?.({ model: MODEL, messages: hello }));
    expect(events.at(-1)).toMatchObject({ type: "finish" });
  });

  it("a frame with a broken checksum fails the stream", async () => {
    const h = await start({ retryAttempts: 1 });
    const good = awsEventStream(frames);
    const units = good.units.map((u, i) => {
      if (i !== 2) return u;
      const copy = u.slice();
      copy[copy.byteLength - 6] = (copy[copy.byteLength - 6] ?? 0) ^ 0xff;
      return copy;
    });
    h.upstream.on(stream.method, stream.path, { ...good, units });
    const { error } = await collectUntilError(
      h.provider.stream?.({ model: MODEL, messages: hello }),
    );
    expect(error).toMatchObject({ provider: "bedrock" });
  });

  it("a stream without messageStop is reported as truncated", async () => {
    const h = await start({ retryAttempts: 1 });
    h.upstream.on(stream.method, stream.path, awsEventStream(frames.slice(0, -2)));
    expect(
      await rejectionOf(collectEvents(h.provider.stream?.({ model: MODEL, messages: hello }))),
    ).toMatchObject({ status: 502, code: "truncated_stream" });
  });

  it("a 200 Converse reply that is not JSON is a 502 invalid_response", async () => {
    const h = await start({ retryAttempts: 1 });
    h.upstream.on(chat.method, chat.path, fault.malformedJson());
    expect(await rejectionOf(h.provider.chat({ model: MODEL, messages: hello }))).toMatchObject({
      status: 502,
      code: "invalid_response",
      provider: "bedrock",
    });
  });

  it("the caller's abort mid-stream stops the upstream request", async () => {
    const h = await start();
    h.upstream.on(stream.method, stream.path, awsEventStream(frames, { delayMs: 50 }));
    const controller = new AbortController();
    const err = await rejectionOf(
      (async () => {
        for await (const event of h.provider.stream?.(
          { model: MODEL, messages: hello },
          { signal: controller.signal },
        ) ?? []) {
          if (event.type === "text-delta") controller.abort();
        }
      })(),
    );
    expect(err).toMatchObject({ status: 499, code: "aborted", retryable: false });
    await h.upstream.waitForAbortedRequests(1);
  });

  it("an unreadable event payload fails the stream", async () => {
    const h = await start({ retryAttempts: 1 });
    h.upstream.on(
      stream.method,
      stream.path,
      awsEventStream([frames[0]!, { ...bedrockEvent("contentBlockDelta", {}), payload: "{oops" }]),
    );
    const { error } = await collectUntilError(
      h.provider.stream?.({ model: MODEL, messages: hello }),
    );
    expect(error).toMatchObject({ provider: "bedrock" });
  });
});
