import { fault, openAIChatWire } from "@oss-ai-agent-tool/testkit";
import type OpenAI from "openai";
import { APIError } from "openai";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { chatPosts } from "../support/e2e-helpers.js";
import { mapReply, startTestGateway, type TestGateway } from "../support/start-test-gateway.js";

type ChatCompletionChunk = OpenAI.Chat.Completions.ChatCompletionChunk;

const wire = openAIChatWire();
const CHAT = wire.routes.chat.path;
const STREAM = wire.routes.stream!.path;
const USAGE = { promptTokens: 1, completionTokens: 1, totalTokens: 2 };
const messages = [{ role: "user" as const, content: "hi" }];

let gw: TestGateway;
beforeEach(async () => {
  gw = await startTestGateway({
    config: () => ({
      routing: {
        aliases: { fast: ["alpha/alpha-model-1", "beta/beta-model-1"] },
        deadlineMs: 8_000,
      },
      // Long enough that a request reaches the mock before it times out, even on a loaded machine.
      providers: { settings: { alpha: { timeoutMs: 1_000, idleTimeoutMs: 1_000 } } },
    }),
  });
});
afterEach(async () => {
  await gw?.close();
});

describe("timeouts", () => {
  it("an upstream that never answers → 504 after the provider's timeout, and the upstream call is aborted", async () => {
    gw.alpha.once("POST", CHAT, fault.hang());
    const started = Date.now();
    const err = await gw
      .client()
      .chat.completions.create({ model: "alpha/alpha-model-1", messages })
      .catch((e: unknown) => e);
    const elapsed = Date.now() - started;

    expect(err).toBeInstanceOf(APIError);
    expect((err as APIError).status).toBe(504);
    expect((err as APIError).type).toBe("timeout_error");
    // The provider's timeout answered, not the request deadline.
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(8_000);
    await gw.alpha.waitForAbortedRequests(1);
  });

  it("a stream with no first event within the timeout falls back to the next target", async () => {
    gw.alpha.once("POST", STREAM, fault.hangAfterHeaders());
    gw.beta.once(
      "POST",
      STREAM,
      wire.streamReply!({
        id: "up-b",
        model: "beta-model-1",
        text: "beta was quicker",
        rawFinishReason: "stop",
        usage: USAGE,
      }),
    );
    const { data: stream, response } = await gw
      .client()
      .chat.completions.create({ model: "fast", messages, stream: true })
      .withResponse();
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";

    expect(text).toBe("beta was quicker");
    expect(response.headers.get("x-oaat-provider")).toBe("beta");
    expect(chatPosts(gw.alpha)).toBe(1);
    await gw.alpha.waitForAbortedRequests(1);
  });

  it("a stream that stalls mid-way ends with an error event after the idle timeout", async () => {
    gw.alpha.once(
      "POST",
      STREAM,
      mapReply(
        wire.streamReply!({
          id: "up-a",
          model: "alpha-model-1",
          text: "Hello there, stalling now.",
          rawFinishReason: "stop",
          usage: USAGE,
        }),
        (r) => fault.stallAfter(r, { afterEvents: 3 }),
      ),
    );
    const stream = await gw
      .client()
      .chat.completions.create({ model: "fast", messages, stream: true });
    const chunks: ChatCompletionChunk[] = [];
    let error: unknown;
    try {
      for await (const chunk of stream) chunks.push(chunk);
    } catch (e) {
      error = e;
    }

    expect(chunks.map((c) => c.choices[0]?.delta.content ?? "").join("")).toBe("Hello ");
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).type).toBe("timeout_error");
    expect((error as APIError).message).toMatch(/idle/);
    // Content already reached the client: no fallback.
    expect(chatPosts(gw.beta)).toBe(0);
    await gw.alpha.waitForAbortedRequests(1);
  });
});
