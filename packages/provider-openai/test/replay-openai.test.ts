/**
 * Replays real OpenAI recordings from ../shared/fixtures through the plugin
 * and the official SDK over real HTTP. Nothing from there is copied into the
 * repository; without the folder these tests skip.
 */
import {
  chunksToSseEvents,
  collectEvents,
  type Harness,
  json,
  loadVcrCassette,
  readChunksFixture,
  readJsonFixture,
  rejectionOf,
  replyFromCassette,
  requestBody,
  sharedFixturesSkipReason,
  sse,
  textOf,
} from "@oss-ai-agent-tool/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { startOpenAI } from "./support/harness.js";

const skipReason = sharedFixturesSkipReason();
const title = (name: string) => (skipReason ? `${name} (skipped: ${skipReason})` : name);
const hello = [
  { role: "user" as const, content: "Invent a new holiday and describe its traditions." },
];
const CHAT = /\/chat\/completions$/;
const EMBED = /\/embeddings$/;

interface RecordedCompletion {
  id: string;
  model: string;
  choices: Array<{ message: { content: string }; finish_reason: string }>;
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const start = async (...args: Parameters<typeof startOpenAI>) => {
  harness = await startOpenAI(...args);
  return harness;
};

describe.skipIf(!!skipReason)(title("replaying recorded OpenAI traffic"), () => {
  it("chat-completions/openai-text.json: the recorded text, ids and usage", async () => {
    const recorded = readJsonFixture<RecordedCompletion>(
      "openai/chat-completions/openai-text.json",
    );
    const h = await start();
    h.upstream.on("POST", CHAT, json(recorded));
    const res = await h.provider.chat({ model: "gpt-4.1-nano", messages: hello });
    expect(res.output).toBe(recorded.choices[0]?.message.content);
    expect(res.output.startsWith("**Holiday Name:** Galaxy Day")).toBe(true);
    expect(res).toMatchObject({
      id: "chatcmpl-D8Z5f52zQqikDBEKQMQoYcWMcWPeU",
      model: "gpt-4.1-nano-2025-04-14",
      finishReason: "stop",
      rawFinishReason: "stop",
      usage: {
        promptTokens: 16,
        completionTokens: 363,
        totalTokens: 379,
        cachedPromptTokens: 0,
        reasoningTokens: 0,
      },
    });
  });

  it("chat-completions/openai-text.chunks.txt (+ data: [DONE]): the recorded text, usage last before finish", async () => {
    const lines = readChunksFixture("openai/chat-completions/openai-text.chunks.txt");
    const expectedText = lines
      .map((line) => JSON.parse(line) as { choices: Array<{ delta: { content?: string } }> })
      .map((c) => c.choices[0]?.delta.content ?? "")
      .join("");
    const h = await start();
    h.upstream.on("POST", CHAT, sse(chunksToSseEvents(lines), { done: true }));
    const events = await collectEvents(
      h.provider.stream?.({ model: "gpt-4.1-nano", messages: hello }),
    );
    expect(lines).toHaveLength(303);
    expect(textOf(events)).toBe(expectedText);
    expect(textOf(events).length).toBeGreaterThan(1000);
    expect(events.at(-2)).toEqual({
      type: "usage",
      usage: {
        promptTokens: 16,
        completionTokens: 300,
        totalTokens: 316,
        cachedPromptTokens: 0,
        reasoningTokens: 0,
      },
    });
    expect(events.at(-1)).toEqual({
      type: "finish",
      finishReason: "stop",
      rawFinishReason: "stop",
      id: "chatcmpl-D8Z5oo6uDh67AD85p73ksdT1KxhE0",
      model: "gpt-4.1-nano-2025-04-14",
    });
    expect(requestBody(h)).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  describe("the reasoning-model 400 (max_tokens on o-series)", () => {
    const recordedError = () =>
      readJsonFixture<{ error: { message: string } }>(
        "openai/chat-completions/reasoning-model-legacy-parameter-error.json",
      );
    // Answers like a reasoning model: the recorded 400 for max_tokens, a reply otherwise.
    const reasoningUpstream = (h: Harness) =>
      h.upstream.on("POST", CHAT, (request) => {
        const body = request.json() as Record<string, unknown>;
        if ("max_tokens" in body) return json(recordedError(), { status: 400 });
        return json({
          id: "chatcmpl-r",
          object: "chat.completion",
          created: 1,
          model: String(body.model),
          choices: [
            { index: 0, message: { role: "assistant", content: "Done." }, finish_reason: "stop" },
          ],
        });
      });

    it("is never triggered: maxTokens goes out as max_completion_tokens", async () => {
      const h = await start();
      reasoningUpstream(h);
      const res = await h.provider.chat({ model: "o3-mini", messages: hello, maxTokens: 100 });
      expect(res.output).toBe("Done.");
      expect(requestBody(h)).toMatchObject({ max_completion_tokens: 100 });
    });

    it("comes back as a non-retryable 400 ProviderError with OpenAI's code and message when sent anyway", async () => {
      const h = await start({ overrides: { retryAttempts: 3 } });
      reasoningUpstream(h);
      const err = await rejectionOf(
        h.provider.chat({
          model: "o3-mini",
          messages: hello,
          providerOptions: { openai: { max_tokens: 5 } },
        }),
      );
      expect(err).toMatchObject({
        status: 400,
        code: "unsupported_parameter",
        provider: "openai",
        retryable: false,
      });
      expect((err as Error).message).toContain("Use 'max_completion_tokens' instead.");
      expect(h.upstream.requests).toHaveLength(1);
    });
  });

  it("embeddings/openai-embedding.json, answered as floats and as base64: the recorded vectors", async () => {
    const recorded = readJsonFixture<{
      data: Array<{ embedding: number[] }>;
      model: string;
      usage: { prompt_tokens: number; total_tokens: number };
    }>("openai/embeddings/openai-embedding.json");
    const h = await start();
    // As the real API does, the encoding follows the request; base64 is derived here from the recording.
    h.upstream.on("POST", EMBED, (request) => {
      const format = (request.json() as { encoding_format?: string }).encoding_format;
      if (format !== "base64") return json(recorded);
      return json({
        ...recorded,
        data: recorded.data.map((d) => ({
          ...d,
          embedding: Buffer.from(new Float32Array(d.embedding).buffer).toString("base64"),
        })),
      });
    });
    for (const encoding of ["base64", "float"]) {
      const res = await h.provider.embed?.({
        model: "text-embedding-3-small",
        input: ["sunny day at the beach", "rainy day in the city"],
        providerOptions: { openai: { encoding_format: encoding } },
      });
      expect(res?.usage).toEqual({ promptTokens: 12, totalTokens: 12 });
      expect(res?.embeddings).toHaveLength(2);
      for (const [i, vector] of (res?.embeddings ?? []).entries()) {
        expect(vector).toHaveLength(5);
        for (const [j, value] of vector.entries())
          expect(value).toBeCloseTo(recorded.data[i]?.embedding[j] ?? Number.NaN, 7);
      }
    }
    expect(
      h.upstream.requests.map((r) => (r.json() as { encoding_format: string }).encoding_format),
    ).toEqual(["base64", "float"]);
  });

  it("ruby_llm embedding cassette: a full 1536-dim vector, from a reply that ignores the requested base64", async () => {
    const [interaction] = loadVcrCassette(
      "openai/ruby_llm-vcr/embedding_basic_functionality_openai_text-embedding-3-small_can_handle_a_single_text.yml",
    );
    if (!interaction) throw new Error("empty cassette");
    const recorded = JSON.parse(Buffer.from(interaction.response.body).toString("utf8")) as {
      data: Array<{ embedding: number[] }>;
    };
    const h = await start();
    h.upstream.on("POST", EMBED, replyFromCassette(interaction));
    const res = await h.provider.embed?.({
      model: "text-embedding-3-small",
      input: "Ruby is a programmer's best friend",
    });
    expect(res?.embeddings[0]).toHaveLength(1536);
    expect(res?.embeddings[0]).toEqual(recorded.data[0]?.embedding);
    expect(res?.embeddings[0]?.slice(0, 2)).toEqual([-0.0472412109375, -0.004974365234375]);
    expect(res?.usage).toEqual({ promptTokens: 7, totalTokens: 7 });
  });

  it.each([
    [
      "chat_error_handling_with_openai_gpt-5-nano_raises_appropriate_auth_error.yml",
      { status: 401, code: "invalid_api_key", retryable: false },
      "Incorrect API key provided",
    ],
    [
      "chat_real_error_scenarios_openai_gpt-5-nano_handles_context_length_exceeded_errors.yml",
      { status: 400, code: "context_length_exceeded", retryable: false },
      "exceeds the context window",
    ],
  ])("ruby_llm %s: the recorded error, status and headers", async (file, expected, text) => {
    const [interaction] = loadVcrCassette(`openai/ruby_llm-vcr/${file}`);
    if (!interaction) throw new Error("empty cassette");
    const h = await start({ overrides: { retryAttempts: 3 } });
    h.upstream.on("POST", CHAT, replyFromCassette(interaction, { includeHeaders: true }));
    const err = await rejectionOf(h.provider.chat({ model: "gpt-5-nano", messages: hello }));
    expect(err).toMatchObject({ ...expected, provider: "openai" });
    expect((err as Error).message).toContain(text);
    expect(h.upstream.requests).toHaveLength(1);
  });
});
