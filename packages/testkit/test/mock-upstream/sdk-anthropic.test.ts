import Anthropic from "@anthropic-ai/sdk";
import { describe, expect, it } from "vitest";
import { fault, type SseEvent, sse } from "../../src/mock-upstream/index.js";
import { useMockUpstream } from "./helpers.js";

const events: SseEvent[] = [
  {
    event: "message_start",
    data: {
      type: "message_start",
      message: {
        id: "msg_mock",
        type: "message",
        role: "assistant",
        model: "claude-mock",
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 12, output_tokens: 1 },
      },
    },
  },
  {
    event: "content_block_start",
    data: { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } },
  },
  { event: "ping", data: { type: "ping" } },
  {
    event: "content_block_delta",
    data: {
      type: "content_block_delta",
      index: 0,
      delta: { type: "text_delta", text: "Bonjour " },
    },
  },
  {
    event: "content_block_delta",
    data: {
      type: "content_block_delta",
      index: 0,
      delta: { type: "text_delta", text: "😀 monde" },
    },
  },
  { event: "content_block_stop", data: { type: "content_block_stop", index: 0 } },
  {
    event: "message_delta",
    data: {
      type: "message_delta",
      delta: { stop_reason: "end_turn", stop_sequence: null },
      usage: { output_tokens: 6 },
    },
  },
  { event: "message_stop", data: { type: "message_stop" } },
];

describe("@anthropic-ai/sdk against the mock upstream", () => {
  const start = useMockUpstream();
  const client = (url: string) =>
    new Anthropic({ apiKey: "sk-ant-test", baseURL: url, maxRetries: 0 });

  it("streams Messages SSE with event names", async () => {
    const upstream = await start();
    upstream.on("POST", "/v1/messages", sse(events, { delayMs: 2 }));
    const stream = client(upstream.url).messages.stream({
      model: "claude-mock",
      max_tokens: 64,
      messages: [{ role: "user", content: "Hi" }],
    });
    const deltas: string[] = [];
    stream.on("text", (text) => deltas.push(text));
    const message = await stream.finalMessage();
    expect(deltas).toEqual(["Bonjour ", "😀 monde"]);
    expect(message.content).toHaveLength(1);
    expect(message.content[0]).toMatchObject({ type: "text", text: "Bonjour 😀 monde" });
    expect(message.stop_reason).toBe("end_turn");
    expect(message.usage.output_tokens).toBe(6);
    const headers = upstream.requests[0]?.headers ?? {};
    // SDK 1.x sends the API key as a bearer token; older versions used x-api-key.
    expect(headers["x-api-key"] ?? headers.authorization).toMatch(/sk-ant-test$/);
    expect(upstream.requests[0]?.headers["anthropic-version"]).toBeTruthy();
  });

  it("splitEvery: 1 splits every frame and the 4-byte emoji across reads, and still decodes", async () => {
    const upstream = await start();
    upstream.on("POST", "/v1/messages", sse(events, { splitEvery: 1 }));
    const message = await client(upstream.url)
      .messages.stream({
        model: "claude-mock",
        max_tokens: 64,
        messages: [{ role: "user", content: "Hi" }],
      })
      .finalMessage();
    expect(message.content[0]).toMatchObject({ type: "text", text: "Bonjour 😀 monde" });
  });

  it("maps a 529 to an overloaded API error", async () => {
    const upstream = await start();
    upstream.on(
      "POST",
      "/v1/messages",
      fault.status(529, {
        body: { type: "error", error: { type: "overloaded_error", message: "Overloaded" } },
      }),
    );
    const error = await client(upstream.url)
      .messages.create({
        model: "claude-mock",
        max_tokens: 64,
        messages: [{ role: "user", content: "Hi" }],
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect((error as InstanceType<typeof Anthropic.APIError>).status).toBe(529);
    expect(String((error as Error).message)).toContain("overloaded_error");
  });
});
