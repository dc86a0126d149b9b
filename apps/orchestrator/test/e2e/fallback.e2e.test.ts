import { drainEvents, fault, type MockUpstream, openAIChatWire } from "@oss-ai-agent-tool/testkit";
import type OpenAI from "openai";
import { APIError } from "openai";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mapReply, startTestGateway, type TestGateway } from "../support/start-test-gateway.js";

type ChatCompletionChunk = OpenAI.Chat.Completions.ChatCompletionChunk;

const wire = openAIChatWire();
const CHAT = wire.routes.chat.path;
const STREAM = wire.routes.stream!.path;
const USAGE = { promptTokens: 3, completionTokens: 4, totalTokens: 7 };
const messages = [{ role: "user" as const, content: "hi" }];

let gw: TestGateway;
beforeEach(async () => {
  gw = await startTestGateway({
    config: () => ({
      routing: {
        aliases: { fast: ["alpha/alpha-model-1", "beta/beta-model-1"] },
        deadlineMs: 5_000,
      },
    }),
  });
});
afterEach(async () => {
  await gw?.close();
});

const chatPosts = (upstream: MockUpstream) =>
  upstream.requests.filter((r) => r.method === "POST" && r.path === "/v1/chat/completions");

const betaStream = (text: string) =>
  wire.streamReply!({
    id: "up-beta",
    model: "beta-model-1",
    text,
    rawFinishReason: "stop",
    usage: USAGE,
  });

const textOf = (chunks: readonly ChatCompletionChunk[]) =>
  chunks.map((c) => c.choices[0]?.delta.content ?? "").join("");

describe("fallback along an alias", () => {
  it("alpha answers 503 → the client gets beta's answer", async () => {
    gw.alpha.once("POST", CHAT, fault.status(503));
    gw.beta.once(
      "POST",
      CHAT,
      wire.chatReply({
        id: "up-b",
        model: "beta-model-1",
        text: "beta here",
        rawFinishReason: "stop",
        usage: USAGE,
      }),
    );
    const { data, response } = await gw
      .client()
      .chat.completions.create({ model: "fast", messages })
      .withResponse();

    expect(data.choices[0]?.message.content).toBe("beta here");
    expect(data.model).toBe("beta/beta-model-1");
    expect(response.headers.get("x-oaat-provider")).toBe("beta");
    expect(response.headers.get("x-oaat-attempts")).toBe("2");
    expect(chatPosts(gw.alpha)).toHaveLength(1);
    expect(chatPosts(gw.alpha)[0]?.json()).toMatchObject({ model: "alpha-model-1" });
    expect(chatPosts(gw.beta)).toHaveLength(1);
    expect(chatPosts(gw.beta)[0]?.json()).toMatchObject({ model: "beta-model-1" });
  });

  it("passthrough parameters reach the provider that finally answers", async () => {
    gw.alpha.once("POST", CHAT, fault.status(503));
    gw.beta.once(
      "POST",
      CHAT,
      wire.chatReply({
        id: "up-b",
        model: "beta-model-1",
        text: "ok",
        rawFinishReason: "stop",
        usage: USAGE,
      }),
    );
    await gw.client().chat.completions.create({ model: "fast", messages, frequency_penalty: 1 });
    expect(chatPosts(gw.alpha)[0]?.json()).toMatchObject({ frequency_penalty: 1 });
    expect(chatPosts(gw.beta)[0]?.json()).toMatchObject({ frequency_penalty: 1 });
  });

  it("a non-retryable 400 from alpha does not fall back", async () => {
    gw.alpha.once("POST", CHAT, wire.errorReply(400, "bad parameter"));
    const err = await gw
      .client()
      .chat.completions.create({ model: "fast", messages })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(APIError);
    expect((err as APIError).status).toBe(400);
    expect(chatPosts(gw.beta)).toHaveLength(0);
  });

  it("when every target fails the error names each one tried", async () => {
    gw.alpha.once("POST", CHAT, fault.status(503));
    gw.beta.once("POST", CHAT, fault.status(502));
    const err = await gw
      .client()
      .chat.completions.create({ model: "fast", messages })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(APIError);
    expect((err as APIError).status).toBe(502);
    expect((err as APIError).message).toMatch(/alpha\/alpha-model-1: 503.*beta\/beta-model-1: 502/);
  });
});

describe("streaming fallback", () => {
  it.each([
    ["a 503 status", () => fault.status(503)],
    ["a reset before the response", () => fault.resetBeforeResponse()],
  ])("alpha fails with %s before the first byte → beta streams the answer", async (_, reply) => {
    gw.alpha.once("POST", STREAM, reply());
    gw.beta.once("POST", STREAM, betaStream("beta streams instead"));
    const { data: stream, response } = await gw
      .client()
      .chat.completions.create({ model: "fast", messages, stream: true })
      .withResponse();
    const { events: chunks, error } = await drainEvents(stream);

    expect(error).toBeUndefined();
    expect(textOf(chunks)).toBe("beta streams instead");
    expect(chunks.every((c) => c.model === "beta/beta-model-1")).toBe(true);
    expect(response.headers.get("x-oaat-provider")).toBe("beta");
    expect(response.headers.get("x-oaat-attempts")).toBe("2");
    expect(chatPosts(gw.alpha)).toHaveLength(1);
    expect(chatPosts(gw.beta)).toHaveLength(1);
  });

  it("the stream helper sees only beta's answer after a fallback", async () => {
    gw.alpha.once("POST", STREAM, fault.status(503));
    gw.beta.once("POST", STREAM, betaStream("helper got beta"));
    const final = await gw
      .client()
      .chat.completions.stream({ model: "fast", messages })
      .finalChatCompletion();
    expect(final.choices[0]?.message.content).toBe("helper got beta");
    expect(chatPosts(gw.alpha)).toHaveLength(1);
  });

  it.each([
    [
      "the connection resets",
      (text: string) =>
        mapReply(
          wire.streamReply!({
            id: "up-a",
            model: "alpha-model-1",
            text,
            rawFinishReason: "stop",
            usage: USAGE,
          }),
          (r) => fault.resetAfter(r, { afterEvents: 3 }),
        ),
    ],
    [
      "the stream ends without its final event",
      (text: string) =>
        mapReply(
          wire.streamReply!({
            id: "up-a",
            model: "alpha-model-1",
            text,
            rawFinishReason: "stop",
            usage: USAGE,
          }),
          (r) => fault.truncate(r, 3),
        ),
    ],
  ])(
    "after the first chunk %s → the SDK raises an APIError and nothing falls back",
    async (_, reply) => {
      gw.alpha.once("POST", STREAM, reply("Hello there, this is alpha speaking."));
      gw.beta.on("POST", STREAM, betaStream("beta must not be asked"));
      const stream = await gw
        .client()
        .chat.completions.create({ model: "fast", messages, stream: true });
      const { events: chunks, error } = await drainEvents(stream);

      // The role chunk, then two 3-character text pieces, made it through before the failure.
      expect(textOf(chunks)).toBe("Hello ");
      expect(error).toBeInstanceOf(APIError);
      const apiError = error as APIError;
      // An in-stream error event has no HTTP status of its own: the 200 was already sent.
      expect(apiError.status).toBeUndefined();
      expect(apiError.type).toBe("api_error");
      expect(apiError.message).toMatch(/alpha/);
      expect(chatPosts(gw.alpha)).toHaveLength(1);
      expect(chatPosts(gw.beta)).toHaveLength(0);
    },
  );

  it("an upstream error event before any content falls back to beta", async () => {
    gw.alpha.once("POST", STREAM, wire.streamErrorReply!(500, "the model crashed"));
    gw.beta.once("POST", STREAM, betaStream("beta recovers"));
    const stream = await gw
      .client()
      .chat.completions.create({ model: "fast", messages, stream: true });
    const { events: chunks, error } = await drainEvents(stream);
    expect(error).toBeUndefined();
    expect(textOf(chunks)).toBe("beta recovers");
    expect(chatPosts(gw.alpha)).toHaveLength(1);
  });
});
