import {
  chunksToSseEvents,
  collectEvents,
  type Harness,
  json,
  loadVcrCassette,
  readChunksFixture,
  readJsonFixture,
  reasoningOf,
  rejectionOf,
  replyFromCassette,
  sharedFixturesSkipReason,
  sse,
  textOf,
} from "@oss-ai-agent-tool/testkit";
import { afterEach, describe, expect, it } from "vitest";
import plugin from "../src/index.js";
import { azureOpenAIWire, TEST_API_VERSION } from "./azure-wire.js";
import { hello, startAzure } from "./helpers.js";

// Real Azure recordings from ../shared/fixtures/azure, replayed through the
// AzureOpenAI client over HTTP. Expectations are read from the recordings.
const skip = sharedFixturesSkipReason();
const wire = azureOpenAIWire();
const streamRoute = wire.routes.stream ?? wire.routes.chat;

interface RecordedUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  completion_tokens_details?: { reasoning_tokens?: number } | null;
}

interface RecordedChunk {
  choices: Array<{
    delta?: { content?: string | null; reasoning_content?: string | null };
    finish_reason?: string | null;
  }>;
  usage?: RecordedUsage | null;
}

/** What a recorded stream says: its text, reasoning, last usage and finish reason. */
function summarize(lines: string[]) {
  let text = "";
  let reasoning = "";
  let usage: RecordedUsage | undefined;
  let finish: string | undefined;
  for (const line of lines) {
    const chunk = JSON.parse(line) as RecordedChunk;
    for (const choice of chunk.choices) {
      text += choice.delta?.content ?? "";
      reasoning += choice.delta?.reasoning_content ?? "";
      finish = choice.finish_reason ?? finish;
    }
    if (chunk.usage) usage = chunk.usage;
  }
  return { text, reasoning, usage, finish };
}

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const start = async () => {
  harness = await startAzure(plugin, (url) => ({
    endpoint: url,
    apiVersion: TEST_API_VERSION,
    retryAttempts: 1,
  }));
  return harness;
};

describe.skipIf(skip !== undefined)(
  `azure-openai: recorded Azure traffic${skip ? ` (skipped: ${skip})` : ""}`,
  () => {
    it("replays a model-router stream: prompt-filter frame first, then text, usage with reasoning tokens", async () => {
      const lines = readChunksFixture("azure/chat-completions/azure-model-router.1.chunks.txt");
      const recorded = summarize(lines);
      const h = await start();
      h.upstream.on(
        streamRoute.method,
        streamRoute.path,
        sse(chunksToSseEvents(lines), { done: true }),
      );

      const events = await collectEvents(
        h.provider.stream?.({ model: "model-router", messages: hello }),
      );

      expect(textOf(events)).toBe(recorded.text);
      expect(recorded.text.length).toBeGreaterThan(0);
      expect(events.find((e) => e.type === "usage")).toEqual({
        type: "usage",
        usage: expect.objectContaining({
          promptTokens: recorded.usage?.prompt_tokens,
          completionTokens: recorded.usage?.completion_tokens,
          totalTokens: recorded.usage?.total_tokens,
          reasoningTokens: recorded.usage?.completion_tokens_details?.reasoning_tokens,
        }),
      });
      // The prompt-filter frame has an empty id and model; the finish takes the real ones.
      expect(events.at(-1)).toMatchObject({
        type: "finish",
        finishReason: "stop",
        rawFinishReason: recorded.finish,
      });
      expect((events.at(-1) as { id?: string }).id).toMatch(/^chatcmpl-/);
    });

    it("replays a DeepSeek reasoning reply: text, reasoning text and usage", async () => {
      const body = readJsonFixture<{
        choices: Array<{
          message: { content: string; reasoning_content: string };
          finish_reason: string;
        }>;
        usage: RecordedUsage;
        model: string;
      }>("azure/chat-completions/azure-deepseek-reasoning.1.json");
      const h = await start();
      h.upstream.on(wire.routes.chat.method, wire.routes.chat.path, json(body));

      const res = await h.provider.chat({ model: "deepseek", messages: hello });

      const message = body.choices[0]?.message;
      expect(res.output).toBe(message?.content);
      expect(res.reasoning).toBe(message?.reasoning_content);
      expect(res.model).toBe(body.model);
      expect(res.finishReason).toBe("stop");
      expect(res.usage).toMatchObject({
        promptTokens: body.usage.prompt_tokens,
        completionTokens: body.usage.completion_tokens,
        totalTokens: body.usage.total_tokens,
      });
    });

    it("replays a DeepSeek reasoning stream: reasoning deltas, then text, then usage", async () => {
      const lines = readChunksFixture(
        "azure/chat-completions/azure-deepseek-reasoning.1.chunks.txt",
      );
      const recorded = summarize(lines);
      const h = await start();
      h.upstream.on(
        streamRoute.method,
        streamRoute.path,
        sse(chunksToSseEvents(lines), { done: true }),
      );

      const events = await collectEvents(
        h.provider.stream?.({ model: "deepseek", messages: hello }),
      );

      expect(reasoningOf(events)).toBe(recorded.reasoning);
      expect(textOf(events)).toBe(recorded.text);
      const firstText = events.findIndex((e) => e.type === "text-delta");
      const lastReasoning = events.findLastIndex((e) => e.type === "reasoning-delta");
      expect(lastReasoning).toBeLessThan(firstText);
      expect(events.find((e) => e.type === "usage")).toMatchObject({
        usage: {
          promptTokens: recorded.usage?.prompt_tokens,
          completionTokens: recorded.usage?.completion_tokens,
          totalTokens: recorded.usage?.total_tokens,
        },
      });
      expect(events.at(-1)).toMatchObject({ type: "finish", finishReason: "stop" });
    });

    it("replays Azure's 401 for a bad key as a non-retryable error with Azure's message", async () => {
      const [interaction] = loadVcrCassette(
        "azure/ruby_llm-vcr/chat_error_handling_with_azure_grok-4-1-fast-non-reasoning_raises_appropriate_auth_error.yml",
      );
      if (!interaction) throw new Error("the cassette has no interaction");
      const recorded = JSON.parse(String(interaction.response.body)) as {
        error: { message: string };
      };
      const h = await start();
      h.upstream.on(wire.routes.chat.method, wire.routes.chat.path, replyFromCassette(interaction));

      const err = await rejectionOf(h.provider.chat({ model: "grok", messages: hello }));

      expect(err).toMatchObject({ status: 401, retryable: false, provider: "azure-openai" });
      expect((err as Error).message).toContain(recorded.error.message.slice(0, 40));
      expect(h.upstream.requests).toHaveLength(1);
    });
  },
);
