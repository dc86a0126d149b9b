import {
  collectEvents,
  fault,
  geminiWire,
  googleErrorBody,
  type Harness,
  raw,
  rejectionOf,
  runStreamFaultSuite,
  sse,
  textOf,
} from "@oss-ai-agent-tool/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { startGoogle } from "./helpers.js";

const wire = geminiWire();
const model = "gemini-2.5-flash";

runStreamFaultSuite({
  name: "google: faults",
  providerId: "google",
  wire,
  model,
  rateLimitMessage: "Resource has been exhausted (e.g. check quota).",
  start: (overrides) => startGoogle((url) => ({ baseURL: url, retryAttempts: 3, ...overrides })),
});

// Faults that are Gemini's own: the wait only in the error body, errors inside a 200 stream.
const hello = [{ role: "user" as const, content: "Say hello." }];
const scenario = {
  id: "resp_fault",
  model,
  text: "Hello there, how are you today?",
  rawFinishReason: "STOP",
  usage: { promptTokens: 3, completionTokens: 9, totalTokens: 12 },
};
const chat = wire.routes.chat;
const stream = wire.routes.stream ?? chat;
const streamReply = () => {
  const reply = wire.streamReply?.(scenario);
  if (!reply || typeof reply === "function") throw new Error("expected a fixed stream reply");
  return reply;
};

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function start(overrides: Record<string, unknown> = {}): Promise<Harness> {
  harness = await startGoogle((url) => ({ baseURL: url, ...overrides }));
  return harness;
}

describe("google: Gemini-specific faults", () => {
  it("429 with RetryInfo only in the body: waits the delay Google asked for, then succeeds", async () => {
    const h = await start({ retryAttempts: 2 });
    h.upstream.once(
      chat.method,
      chat.path,
      fault.status(429, { body: googleErrorBody(429, "Quota exceeded.", "0.3s") }),
    );
    h.upstream.on(chat.method, chat.path, wire.chatReply(scenario));
    const started = performance.now();
    const res = await h.provider.chat({ messages: hello });
    expect(res.output).toBe(scenario.text);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(h.upstream.requests).toHaveLength(2);
  });

  it("429 with a RetryInfo delay longer than the gateway waits: fails at once, keeping the delay", async () => {
    const h = await start({ retryAttempts: 3 });
    h.upstream.on(
      chat.method,
      chat.path,
      fault.status(429, { body: googleErrorBody(429, "Quota exceeded.", "48s") }),
    );
    const err = await rejectionOf(h.provider.chat({ messages: hello }));
    expect(err).toMatchObject({
      status: 429,
      code: "rate_limited",
      retryable: true,
      retryAfterMs: 48_000,
      provider: "google",
    });
    expect((err as Error).message).toContain("Quota exceeded.");
    expect((err as Error).message).toContain("RESOURCE_EXHAUSTED");
    expect(h.upstream.requests).toHaveLength(1);
  });

  it("Retry-After wins over RetryInfo when both are sent", async () => {
    const h = await start({ retryAttempts: 1 });
    h.upstream.on(
      chat.method,
      chat.path,
      fault.status(429, {
        headers: { "retry-after": "2" },
        body: googleErrorBody(429, "Quota exceeded.", "40s"),
      }),
    );
    expect(await rejectionOf(h.provider.chat({ messages: hello }))).toMatchObject({
      retryAfterMs: 2000,
    });
  });

  it("an error object inside a 200 stream after text reaches the consumer with its status", async () => {
    const h = await start({ retryAttempts: 3 });
    h.upstream.on(
      stream.method,
      stream.path,
      sse(
        [
          {
            data: {
              candidates: [{ content: { parts: [{ text: "Hel" }], role: "model" }, index: 0 }],
              responseId: "r1",
            },
          },
          { data: googleErrorBody(500, "An internal error has occurred.") },
        ],
        { lineEnding: "\r\n" },
      ),
    );
    const events: string[] = [];
    const err = await rejectionOf(
      (async () => {
        for await (const event of h.provider.stream?.({ messages: hello }) ?? [])
          events.push(event.type);
      })(),
    );
    expect(err).toMatchObject({ status: 500, retryable: true, provider: "google" });
    expect((err as Error).message).toContain("An internal error has occurred.");
    expect(events).toEqual(["text-delta"]);
    // Text already reached the consumer: no retry.
    expect(h.upstream.requests).toHaveLength(1);
  });

  it("a 429 error object as the first frame of a 200 stream is retried after its RetryInfo delay", async () => {
    const h = await start({ retryAttempts: 2 });
    h.upstream.once(
      stream.method,
      stream.path,
      sse([{ data: googleErrorBody(429, "Quota exceeded.", "0.2s") }], { lineEnding: "\r\n" }),
    );
    h.upstream.on(stream.method, stream.path, streamReply());
    const started = performance.now();
    const events = await collectEvents(h.provider.stream?.({ messages: hello }));
    expect(textOf(events)).toBe(scenario.text);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    expect(h.upstream.requests).toHaveLength(2);
  });

  it("a stream cut inside a frame is a retryable truncation, retried before any event", async () => {
    const h = await start({ retryAttempts: 2 });
    h.upstream.once(
      stream.method,
      stream.path,
      raw("", {
        headers: { "content-type": "text/event-stream" },
        chunks: ['data: {"candidates": [{"content": {"parts": [{"text": "Hel'],
      }),
    );
    h.upstream.on(stream.method, stream.path, streamReply());
    const events = await collectEvents(h.provider.stream?.({ messages: hello }));
    expect(events.at(-1)).toMatchObject({ type: "finish", finishReason: "stop" });
    expect(h.upstream.requests).toHaveLength(2);
  });

  it("a non-JSON error body keeps its status and text", async () => {
    const h = await start({ retryAttempts: 1 });
    h.upstream.on(
      chat.method,
      chat.path,
      fault.status(502, {
        body: "<html>Bad Gateway</html>",
        headers: { "content-type": "text/html" },
      }),
    );
    const err = await rejectionOf(h.provider.chat({ messages: hello }));
    expect(err).toMatchObject({ status: 502, retryable: true });
    expect((err as Error).message).toContain("Bad Gateway");
  });

  it("the auth error Gemini answers with a 400 is not retried and says what is wrong", async () => {
    const h = await start();
    h.upstream.on(
      chat.method,
      chat.path,
      fault.status(400, {
        body: googleErrorBody(400, "API key not valid. Please pass a valid API key."),
      }),
    );
    const err = await rejectionOf(h.provider.chat({ messages: hello }));
    expect(err).toMatchObject({ status: 400, retryable: false, code: "bad_request" });
    expect((err as Error).message).toContain("API key not valid");
    expect(h.upstream.requests).toHaveLength(1);
  });

  it("a hung embeddings call times out and is aborted upstream", async () => {
    const h = await start({ timeoutMs: 1_000, retryAttempts: 1 });
    const embed = wire.routes.embed ?? chat;
    h.upstream.on(embed.method, embed.path, fault.hang());
    expect(await rejectionOf(h.provider.embed?.({ input: "x" }))).toMatchObject({
      status: 504,
      code: "timeout",
    });
    await h.upstream.waitForAbortedRequests(1);
  });
});
