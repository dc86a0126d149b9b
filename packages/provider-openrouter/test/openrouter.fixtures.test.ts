import type { ChatStreamEvent } from "@oss-ai-agent-tool/core";
import {
  collectEvents,
  type Harness,
  json,
  loadVcrCassette,
  raw,
  readBinaryFixture,
  readChunksFixture,
  readJsonFixture,
  reasoningOf,
  rejectionOf,
  replyFromCassette,
  requestBody,
  sharedFixturesSkipReason,
  textOf,
  type VcrInteraction,
} from "@oss-ai-agent-tool/testkit";
import { afterEach, describe, expect, it } from "vitest";
import plugin from "../src/index.js";
import { hello, startOpenRouter } from "./helpers.js";
import { openRouterWire } from "./openrouter-wire.js";
import {
  type JsonlRecord,
  jsonlToWrites,
  type RecordedUsage,
  type StreamSummary,
  ssePayloads,
  summarize,
  summarizeJsonl,
} from "./recorded-streams.js";

// Real OpenRouter recordings from ../shared/fixtures/openrouter, replayed
// through the openai SDK over HTTP. Expectations are read from the recordings.
const skip = sharedFixturesSkipReason();
const wire = openRouterWire();
const streamRoute = wire.routes.stream ?? wire.routes.chat;
const E2E = "openrouter/ai-sdk-provider-e2e";
const VCR = "openrouter/ruby_llm-vcr";

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const start = async () => {
  harness = await startOpenRouter(plugin, (url) => ({
    baseURL: `${url}/api/v1`,
    retryAttempts: 1,
  }));
  return harness;
};

const readJsonl = (path: string): JsonlRecord[] =>
  readChunksFixture(path).map((line) => JSON.parse(line) as JsonlRecord);

const recordedRequest = <T>(id: string) =>
  readJsonFixture<{ body: { json: T } }>(`${E2E}/${id}/request.json`).body.json;

const sentJson = <T>(h: Harness, index = 0): T => {
  const request = h.upstream.requests[index];
  if (!request) throw new Error(`no request ${index} reached the mock`);
  return request.json() as T;
};

const bodyText = (body: string | Uint8Array) =>
  typeof body === "string" ? body : new TextDecoder().decode(body);

function cassetteSummary(interaction: VcrInteraction): StreamSummary {
  const body = bodyText(interaction.response.body);
  return summarize(ssePayloads(body), (body.match(/^: OPENROUTER PROCESSING/gm) ?? []).length);
}

function expectUsage(events: ChatStreamEvent[], usage: RecordedUsage | undefined) {
  expect(usage).toBeDefined();
  expect(events.find((e) => e.type === "usage")).toMatchObject({
    usage: {
      promptTokens: usage?.prompt_tokens,
      completionTokens: usage?.completion_tokens,
      totalTokens: usage?.total_tokens,
      ...(usage?.prompt_tokens_details?.cached_tokens !== undefined
        ? { cachedPromptTokens: usage.prompt_tokens_details.cached_tokens }
        : {}),
      ...(usage?.completion_tokens_details?.reasoning_tokens !== undefined
        ? { reasoningTokens: usage.completion_tokens_details.reasoning_tokens }
        : {}),
    },
  });
}

/** Serves a recorded `response.jsonl` as the same writes, comments and split payloads included. */
const jsonlReply = (records: JsonlRecord[]) =>
  raw("", {
    chunks: jsonlToWrites(records),
    headers: { "content-type": "text/event-stream" },
    delayMs: 1,
  });

describe.skipIf(skip !== undefined)(
  `openrouter: recorded OpenRouter traffic${skip ? ` (skipped: ${skip})` : ""}`,
  () => {
    describe("ai-sdk-provider e2e recordings", () => {
      it("VatY3XorSc2: a :thinking model streams reasoning, then text, with reasoning tokens in usage", async () => {
        const records = readJsonl(`${E2E}/VatY3XorSc2/response.jsonl`);
        const recorded = summarizeJsonl(records);
        const request = recordedRequest<{ model: string }>("VatY3XorSc2");
        const h = await start();
        h.upstream.on(streamRoute.method, streamRoute.path, jsonlReply(records));

        const events = await collectEvents(
          h.provider.stream?.({ model: request.model, messages: hello }),
        );

        expect(recorded.comments).toBeGreaterThan(0);
        expect(recorded.reasoning.length).toBeGreaterThan(0);
        expect(reasoningOf(events)).toBe(recorded.reasoning);
        expect(textOf(events)).toBe(recorded.text);
        expectUsage(events, recorded.usage);
        expect(events.at(-1)).toMatchObject({ type: "finish", rawFinishReason: recorded.finish });
        expect(sentJson<{ model: string }>(h).model).toBe(request.model);
      });

      it("i2VRzTzhjbW: comments and a payload split across network reads", async () => {
        const records = readJsonl(`${E2E}/i2VRzTzhjbW/response.jsonl`);
        const recorded = summarizeJsonl(records);
        const h = await start();
        h.upstream.on(streamRoute.method, streamRoute.path, jsonlReply(records));

        const events = await collectEvents(
          h.provider.stream?.({ model: "anthropic/claude-3.5-sonnet", messages: hello }),
        );

        expect(records.filter((r) => "text" in r).length).toBeGreaterThan(1);
        expect(textOf(events)).toBe(recorded.text);
        expectUsage(events, recorded.usage);
        expect(events.at(-1)).toMatchObject({ type: "finish", finishReason: "stop" });
      });

      it("7buJmKWfmK3: cached prompt tokens from provider-ordered routing", async () => {
        const records = readJsonl(`${E2E}/7buJmKWfmK3/response.jsonl`);
        const recorded = summarizeJsonl(records);
        const request = recordedRequest<{ model: string; provider?: Record<string, unknown> }>(
          "7buJmKWfmK3",
        );
        const h = await start();
        h.upstream.on(streamRoute.method, streamRoute.path, jsonlReply(records));

        const events = await collectEvents(
          h.provider.stream?.({
            model: request.model,
            messages: hello,
            ...(request.provider
              ? { providerOptions: { openrouter: { provider: request.provider } } }
              : {}),
          }),
        );

        expect(recorded.usage?.prompt_tokens_details?.cached_tokens).toBeGreaterThan(0);
        expect(textOf(events)).toBe(recorded.text);
        expectUsage(events, recorded.usage);
        if (request.provider)
          expect(sentJson<{ provider: unknown }>(h).provider).toEqual(request.provider);
      });

      it("JBHEylom5vE: a non-streamed reply after keep-alive whitespace", async () => {
        const bytes = readBinaryFixture(`${E2E}/JBHEylom5vE/response.json`);
        const body = JSON.parse(new TextDecoder().decode(bytes)) as {
          id: string;
          model: string;
          choices: Array<{ message: { content: string }; finish_reason: string }>;
          usage: RecordedUsage;
        };
        const h = await start();
        h.upstream.on(
          wire.routes.chat.method,
          wire.routes.chat.path,
          raw(bytes, { headers: { "content-type": "application/json" } }),
        );

        const res = await h.provider.chat({ model: body.model, messages: hello });

        expect(new TextDecoder().decode(bytes.slice(0, 1)).trim()).toBe("");
        expect(res).toMatchObject({
          id: body.id,
          model: body.model,
          output: body.choices[0]?.message.content,
          finishReason: "stop",
          rawFinishReason: body.choices[0]?.finish_reason,
        });
        expect(res.usage).toMatchObject({
          promptTokens: body.usage.prompt_tokens,
          completionTokens: body.usage.completion_tokens,
          totalTokens: body.usage.total_tokens,
        });
        expect(res.usage).not.toHaveProperty("cost");
      });

      it("UZIv9VjHyVw: 'Provider returned error' as a non-retryable 400", async () => {
        const body = readJsonFixture<{ error: { message: string } }>(
          `${E2E}/UZIv9VjHyVw/response.json`,
        );
        const meta = readJsonFixture<{ status: number }>(`${E2E}/UZIv9VjHyVw/response.meta.json`);
        const h = await start();
        h.upstream.on(
          wire.routes.chat.method,
          wire.routes.chat.path,
          json(body, { status: meta.status }),
        );

        const err = await rejectionOf(
          h.provider.chat({ model: "anthropic/claude-sonnet-4", messages: hello }),
        );

        expect(err).toMatchObject({
          status: meta.status,
          retryable: false,
          provider: "openrouter",
        });
        expect((err as Error).message).toContain(body.error.message);
        expect(h.upstream.requests).toHaveLength(1);
      });

      it.each(["6UmSjxgIBMA", "wOPOmB12mFy"])("%s: embeddings with full vectors", async (id) => {
        const request = recordedRequest<{ model: string; input: string[] }>(id);
        const body = readJsonFixture<{
          data: Array<{ embedding: number[] }>;
          usage: RecordedUsage;
        }>(`${E2E}/${id}/response.json`);
        const h = await start();
        h.upstream.on(
          wire.routes.embed?.method ?? "POST",
          wire.routes.embed?.path ?? "/api/v1/embeddings",
          json(body),
        );

        const res = await h.provider.embed?.({ model: request.model, input: request.input });

        expect(res?.embeddings).toEqual(body.data.map((d) => d.embedding));
        expect(res?.embeddings[0]?.length).toBeGreaterThan(1000);
        expect(res?.usage).toEqual({
          promptTokens: body.usage.prompt_tokens,
          totalTokens: body.usage.total_tokens,
        });
        expect(requestBody(h)).toMatchObject({
          model: request.model,
          input: request.input,
        });
      });
    });

    describe("ruby_llm cassettes", () => {
      it("streams a plain reply past OpenRouter's keep-alive comments", async () => {
        const [interaction] = loadVcrCassette(
          `${VCR}/chat_streaming_responses_openrouter_claude-haiku-4-5_supports_streaming_responses.yml`,
        );
        if (!interaction) throw new Error("empty cassette");
        const recorded = cassetteSummary(interaction);
        const h = await start();
        h.upstream.on(streamRoute.method, streamRoute.path, replyFromCassette(interaction));

        const events = await collectEvents(
          h.provider.stream?.({ model: "anthropic/claude-haiku-4.5", messages: hello }),
        );

        expect(recorded.comments).toBeGreaterThan(0);
        expect(textOf(events)).toBe(recorded.text);
        expectUsage(events, recorded.usage);
      });

      it("returns a recorded tool call, then the answer after the tool result", async () => {
        const [call, answer] = loadVcrCassette(
          `${VCR}/chat_function_calling_openrouter_claude-haiku-4-5_can_use_tools.yml`,
        );
        if (!call || !answer) throw new Error("the cassette needs two interactions");
        const first = JSON.parse(bodyText(call.response.body)) as {
          choices: Array<{
            message: {
              tool_calls: Array<{ id: string; function: { name: string; arguments: string } }>;
            };
          }>;
        };
        const second = JSON.parse(bodyText(answer.response.body)) as {
          choices: Array<{ message: { content: string } }>;
        };
        const recordedCall = first.choices[0]?.message.tool_calls[0];
        const h = await start();
        h.upstream.once(wire.routes.chat.method, wire.routes.chat.path, replyFromCassette(call));
        h.upstream.once(wire.routes.chat.method, wire.routes.chat.path, replyFromCassette(answer));
        const tools = [{ name: recordedCall?.function.name ?? "", parameters: { type: "object" } }];

        const res = await h.provider.chat({
          model: "anthropic/claude-haiku-4.5",
          messages: hello,
          tools,
        });
        expect(res.finishReason).toBe("tool_calls");
        expect(res.toolCalls).toEqual([
          {
            id: recordedCall?.id,
            name: recordedCall?.function.name,
            arguments: recordedCall?.function.arguments,
          },
        ]);

        const final = await h.provider.chat({
          model: "anthropic/claude-haiku-4.5",
          tools,
          messages: [
            ...hello,
            { role: "assistant", content: null, toolCalls: res.toolCalls ?? [] },
            { role: "tool", toolCallId: recordedCall?.id ?? "", content: '{"temperature":15}' },
          ],
        });
        expect(final.output).toBe(second.choices[0]?.message.content);
        expect(h.upstream.requests[1]?.body).toContain(recordedCall?.id ?? "missing");
      });

      it("reassembles streamed tool-call arguments across a multi-turn tool loop", async () => {
        const interactions = loadVcrCassette(
          `${VCR}/chat_function_calling_openrouter_claude-haiku-4-5_can_use_tools_with_multi-turn_streaming_conversations.yml`,
        );
        const h = await start();
        for (const interaction of interactions)
          h.upstream.once(streamRoute.method, streamRoute.path, replyFromCassette(interaction));

        for (const interaction of interactions) {
          const recorded = cassetteSummary(interaction);
          const events = await collectEvents(
            h.provider.stream?.({ model: "anthropic/claude-haiku-4.5", messages: hello }),
          );
          const ends = events.flatMap((e) => (e.type === "tool-call-end" ? [e] : []));
          expect(
            ends.map(({ id, name, arguments: args }) => ({ id, name, arguments: args })),
          ).toEqual(recorded.toolCalls);
          expect(textOf(events)).toBe(recorded.text);
          expectUsage(events, recorded.usage);
        }
        expect(h.upstream.requests).toHaveLength(interactions.length);
      });

      it("streams reasoning alongside a tool call", async () => {
        const [interaction] = loadVcrCassette(
          `${VCR}/chat_openrouter_reasoning_details_round-trip_accumulates_reasoning_details_while_streaming_tool_calls.yml`,
        );
        if (!interaction) throw new Error("empty cassette");
        const recorded = cassetteSummary(interaction);
        const h = await start();
        h.upstream.on(streamRoute.method, streamRoute.path, replyFromCassette(interaction));

        const events = await collectEvents(
          h.provider.stream?.({ model: "anthropic/claude-haiku-4.5", messages: hello }),
        );

        expect(recorded.reasoning.length).toBeGreaterThan(0);
        expect(reasoningOf(events)).toBe(recorded.reasoning);
        const end = events.find((e) => e.type === "tool-call-end");
        expect(end).toMatchObject({
          name: recorded.toolCalls[0]?.name,
          arguments: recorded.toolCalls[0]?.arguments,
        });
        expectUsage(events, recorded.usage);
        expect(events.at(-1)).toMatchObject({ type: "finish", finishReason: "tool_calls" });
      });

      it.each([
        ["chat_error_handling_with_openrouter_claude-haiku-4-5_raises_appropriate_auth_error.yml"],
        [
          "chat_real_error_scenarios_openrouter_claude-haiku-4-5_handles_context_length_exceeded_errors.yml",
        ],
      ])("replays %s as a non-retryable error with OpenRouter's message", async (file) => {
        const [interaction] = loadVcrCassette(`${VCR}/${file}`);
        if (!interaction) throw new Error("empty cassette");
        const recorded = JSON.parse(bodyText(interaction.response.body)) as {
          error: { message: string };
        };
        const h = await start();
        h.upstream.on(
          wire.routes.chat.method,
          wire.routes.chat.path,
          replyFromCassette(interaction),
        );

        const err = await rejectionOf(
          h.provider.chat({ model: "anthropic/claude-haiku-4.5", messages: hello }),
        );

        expect(err).toMatchObject({ status: interaction.response.status, retryable: false });
        expect((err as Error).message).toContain(recorded.error.message.slice(0, 60));
      });
    });
  },
);
