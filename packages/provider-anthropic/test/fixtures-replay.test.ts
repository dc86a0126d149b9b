import type { ChatMessage, ChatRequest, ChatStreamEvent, ToolCall } from "@oss-ai-agent-tool/core";
import {
  chunksToSseEvents,
  closeAfterEach,
  collectEvents,
  type Harness,
  json,
  loadVcrCassette,
  readChunksFixture,
  readJsonFixture,
  reasoningOf,
  rejectionOf,
  replyFromCassette,
  requestBody,
  sharedFixturesSkipReason,
  sse,
  textOf,
  type VcrInteraction,
} from "@oss-ai-agent-tool/testkit";
import { describe, expect, it } from "vitest";
import { startAnthropic } from "./helpers.js";

// The shared fixtures are real recordings kept beside the repository, never in it.
// Expected values are read from the recordings themselves, so nothing of them is copied here.
const skipReason = sharedFixturesSkipReason();
const DIR = "anthropic";
const VCR = `${DIR}/ruby_llm-vcr`;
const MESSAGES = "/v1/messages";

type Json = Record<string, unknown>;

interface WireUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  output_tokens_details?: { thinking_tokens?: number } | null;
}

interface WireBlock {
  type: string;
  text?: string;
  thinking?: string;
  id?: string;
  name?: string;
  input?: unknown;
}

interface WireMessage {
  id: string;
  model: string;
  content: WireBlock[];
  stop_reason: string;
  usage: WireUsage;
}

/** The contract usage a recording's usage stands for: cache reads and writes are part of the prompt. */
function expectedUsage(usage: WireUsage) {
  const prompt =
    (usage.input_tokens ?? 0) +
    (usage.cache_read_input_tokens ?? 0) +
    (usage.cache_creation_input_tokens ?? 0);
  const completion = usage.output_tokens ?? 0;
  return {
    promptTokens: prompt,
    completionTokens: completion,
    totalTokens: prompt + completion,
    ...(usage.cache_read_input_tokens != null
      ? { cachedPromptTokens: usage.cache_read_input_tokens }
      : {}),
    ...(usage.cache_creation_input_tokens != null
      ? { cacheWritePromptTokens: usage.cache_creation_input_tokens }
      : {}),
    ...(usage.output_tokens_details?.thinking_tokens != null
      ? { reasoningTokens: usage.output_tokens_details.thinking_tokens }
      : {}),
  };
}

/** What a recorded message says, read independently of the provider's mappers. */
function summarizeMessage(message: WireMessage) {
  const blocks = message.content;
  return {
    text: blocks.flatMap((b) => (b.type === "text" ? [b.text ?? ""] : [])).join(""),
    reasoning: blocks.flatMap((b) => (b.type === "thinking" ? [b.thinking ?? ""] : [])).join(""),
    toolCalls: blocks
      .filter((b) => b.type === "tool_use")
      .map((b) => ({ id: b.id, name: b.name, input: b.input })),
  };
}

/** What a recorded stream says: text, thinking, tool calls (client tools only), final usage and stop reason. */
function summarizeEvents(events: Json[]) {
  let text = "";
  let reasoning = "";
  const calls = new Map<number, { id: string; name: string; args: string }>();
  let usage: WireUsage = {};
  let stop: string | undefined;
  for (const event of events) {
    if (event.type === "message_start") {
      usage = { ...usage, ...((event.message as { usage?: WireUsage }).usage ?? {}) };
    } else if (event.type === "content_block_start") {
      const block = event.content_block as WireBlock;
      if (block.type === "tool_use")
        calls.set(event.index as number, { id: block.id ?? "", name: block.name ?? "", args: "" });
    } else if (event.type === "content_block_delta") {
      const delta = event.delta as {
        type: string;
        text?: string;
        thinking?: string;
        partial_json?: string;
      };
      if (delta.type === "text_delta") text += delta.text ?? "";
      if (delta.type === "thinking_delta") reasoning += delta.thinking ?? "";
      const call = calls.get(event.index as number);
      if (delta.type === "input_json_delta" && call) call.args += delta.partial_json ?? "";
    } else if (event.type === "message_delta") {
      const u = (event.usage ?? {}) as WireUsage;
      for (const [key, value] of Object.entries(u)) if (value != null) (usage as Json)[key] = value;
      stop = (event.delta as { stop_reason?: string }).stop_reason ?? stop;
    }
  }
  return { text, reasoning, calls: [...calls.values()], usage, stop };
}

/** The `data:` payloads of a recorded SSE body. */
function sseEvents(body: string | Uint8Array): Json[] {
  const text = typeof body === "string" ? body : new TextDecoder().decode(body);
  return text
    .split(/\r?\n/)
    .filter((line) => line.startsWith("data: "))
    .map((line) => JSON.parse(line.slice("data: ".length)) as Json);
}

function bodyJson<T>(body: string | Uint8Array): T {
  return JSON.parse(typeof body === "string" ? body : new TextDecoder().decode(body)) as T;
}

/** Message content in one canonical shape: strings as text blocks, tool results' content too. */
function canonical(messages: Json[]): Json[] {
  const blocks = (content: unknown): unknown[] =>
    typeof content === "string" ? [{ type: "text", text: content }] : (content as unknown[]);
  return messages.map((m) => ({
    role: m.role,
    content: blocks(m.content).map((b) => {
      const block = b as Json;
      return block.type === "tool_result" ? { ...block, content: blocks(block.content) } : block;
    }),
  }));
}

function streamOf(h: Harness, req: ChatRequest): Promise<ChatStreamEvent[]> {
  return collectEvents(h.provider.stream?.(req));
}

const hello: ChatMessage[] = [{ role: "user", content: "Hello" }];

describe.skipIf(!!skipReason)(
  `shared Anthropic fixtures replayed through the SDK${skipReason ? ` (skipped: ${skipReason})` : ""}`,
  () => {
    const start = closeAfterEach(() => startAnthropic());

    describe("vercel/ai message bodies", () => {
      it.each([
        ["anthropic-text.json", false],
        ["anthropic-tool-no-args.json", false],
        ["anthropic-clear-thinking.1.json", false],
        ["anthropic-claude-opus-5-reasoning-high.1.json", false],
        ["anthropic-json-tool.1.json", true],
      ])(
        "%s: text, reasoning, tool calls, finish and usage (json_object: %s)",
        async (file, jsonObject) => {
          const body = readJsonFixture<WireMessage>(`${DIR}/${file}`);
          const expected = summarizeMessage(body);
          const h = await start();
          h.upstream.on("POST", MESSAGES, json(body));
          const res = await h.provider.chat({
            messages: hello,
            ...(jsonObject ? { responseFormat: { type: "json_object" as const } } : {}),
          });
          expect(res.id).toBe(body.id);
          expect(res.model).toBe(body.model);
          expect(res.rawFinishReason).toBe(body.stop_reason);
          expect(res.usage).toEqual(expectedUsage(body.usage));
          if (jsonObject) {
            // The forced json tool's input is the reply.
            expect(JSON.parse(res.output)).toEqual(expected.toolCalls[0]?.input);
            expect(res.finishReason).toBe("stop");
            return;
          }
          expect(res.output).toBe(expected.text);
          expect(res.reasoning ?? "").toBe(expected.reasoning);
          expect(res.toolCalls ?? []).toEqual(
            expected.toolCalls.map((c) => ({
              id: c.id,
              name: c.name,
              arguments: JSON.stringify(c.input),
            })),
          );
          for (const call of res.toolCalls ?? [])
            expect(typeof JSON.parse(call.arguments)).toBe("object");
        },
      );
    });

    describe("vercel/ai streams (chunks, sent with their event names)", () => {
      it.each([
        ["anthropic-text.chunks.txt", false],
        ["anthropic-tool-no-args.chunks.txt", false],
        ["anthropic-clear-thinking.1.chunks.txt", false],
        ["anthropic-code-execution-20260120-prompt-cache.1.chunks.txt", false],
        ["anthropic-message-delta-input-tokens.chunks.txt", false],
        ["anthropic-json-tool.1.chunks.txt", true],
      ])(
        "%s: text, reasoning, tool arguments, usage before finish (json_object: %s)",
        async (file, jsonObject) => {
          const lines = readChunksFixture(`${DIR}/${file}`);
          const expected = summarizeEvents(lines.map((line) => JSON.parse(line) as Json));
          const h = await start();
          h.upstream.on("POST", MESSAGES, sse(chunksToSseEvents(lines, { eventFromType: true })));
          const events = await streamOf(h, {
            messages: hello,
            ...(jsonObject ? { responseFormat: { type: "json_object" as const } } : {}),
          });
          const usageAt = events.findIndex((e) => e.type === "usage");
          expect(events[usageAt]).toEqual({ type: "usage", usage: expectedUsage(expected.usage) });
          expect(usageAt).toBe(events.length - 2);
          expect(events.at(-1)).toMatchObject({ type: "finish", rawFinishReason: expected.stop });
          expect(reasoningOf(events)).toBe(expected.reasoning);
          if (jsonObject) {
            expect(textOf(events)).toBe(expected.calls[0]?.args);
            expect(events.at(-1)).toMatchObject({ finishReason: "stop" });
            return;
          }
          expect(textOf(events)).toBe(expected.text);
          const ends = events.filter((e) => e.type === "tool-call-end");
          expect(ends).toEqual(
            expected.calls.map((c, index) => ({
              type: "tool-call-end",
              index,
              id: c.id,
              name: c.name,
              // A tool without arguments streams one empty fragment and ends as "{}".
              arguments: c.args === "" ? "{}" : c.args,
            })),
          );
        },
      );

      it("anthropic-code-execution: server-tool calls ran upstream and do not surface as tool calls", async () => {
        const lines = readChunksFixture(
          `${DIR}/anthropic-code-execution-20260120-prompt-cache.1.chunks.txt`,
        );
        const h = await start();
        h.upstream.on("POST", MESSAGES, sse(chunksToSseEvents(lines, { eventFromType: true })));
        const events = await streamOf(h, { messages: hello });
        expect(events.some((e) => e.type.startsWith("tool-call"))).toBe(false);
        expect(events.at(-1)).toMatchObject({ finishReason: "stop" });
        const usage = events.find((e) => e.type === "usage");
        expect(usage).toMatchObject({
          usage: {
            cachedPromptTokens: expect.any(Number),
            cacheWritePromptTokens: expect.any(Number),
          },
        });
      });
    });

    describe("ruby_llm cassettes (exact recorded bytes)", () => {
      it("auth error: a non-retryable 401 with Anthropic's message", async () => {
        const [interaction] = loadVcrCassette(
          `${VCR}/chat_error_handling_with_anthropic_claude-haiku-4-5_raises_appropriate_auth_error.yml`,
        ) as [VcrInteraction];
        const recorded = bodyJson<{ error: { type: string; message: string } }>(
          interaction.response.body,
        );
        const h = await start();
        h.upstream.on("POST", MESSAGES, replyFromCassette(interaction, { includeHeaders: true }));
        const err = await rejectionOf(h.provider.chat({ messages: hello }));
        expect(err).toMatchObject({
          status: interaction.response.status,
          code: recorded.error.type,
          retryable: false,
          message: `anthropic: ${recorded.error.message} (HTTP ${interaction.response.status})`,
        });
        expect(h.upstream.requests).toHaveLength(1);
      });

      it("context length exceeded: a non-retryable 400 with Anthropic's message", async () => {
        const [interaction] = loadVcrCassette(
          `${VCR}/chat_real_error_scenarios_anthropic_claude-haiku-4-5_handles_context_length_exceeded_errors.yml`,
        ) as [VcrInteraction];
        const recorded = bodyJson<{ error: { type: string; message: string } }>(
          interaction.response.body,
        );
        const h = await start();
        h.upstream.on("POST", MESSAGES, replyFromCassette(interaction));
        const err = await rejectionOf(h.provider.chat({ messages: hello }));
        expect(err).toMatchObject({ status: 400, code: recorded.error.type, retryable: false });
        expect((err as Error).message).toContain(recorded.error.message);
      });

      it("prompt cache round trip: the write, then the read, counted as cache write and cached prompt tokens", async () => {
        const interactions = loadVcrCassette(
          `${VCR}/chat_prompt_cache_round-trip_anthropic_claude-haiku-4-5_writes_then_reads_the_prompt_cache.yml`,
        );
        const h = await start();
        for (const interaction of interactions)
          h.upstream.once("POST", MESSAGES, replyFromCassette(interaction));
        for (const interaction of interactions) {
          const recorded = bodyJson<WireMessage>(interaction.response.body);
          const res = await h.provider.chat({ messages: hello });
          expect(res.output).toBe(summarizeMessage(recorded).text);
          expect(res.usage).toEqual(expectedUsage(recorded.usage));
        }
        const [write, read] = interactions.map((i) => bodyJson<WireMessage>(i.response.body).usage);
        expect(write?.cache_creation_input_tokens).toBeGreaterThan(0);
        expect(read?.cache_read_input_tokens).toBe(write?.cache_creation_input_tokens);
      });

      it("extended thinking stream: reasoning deltas, then the text, signature not surfaced", async () => {
        const [interaction] = loadVcrCassette(
          `${VCR}/chat_with_extended_thinking_anthropic_claude-haiku-4-5_streams_thinking_content_when_available.yml`,
        ) as [VcrInteraction];
        const expected = summarizeEvents(sseEvents(interaction.response.body));
        const recordedRequest = bodyJson<{ thinking: { type: "enabled"; budget_tokens: number } }>(
          interaction.request.body,
        );
        const h = await start();
        h.upstream.on("POST", MESSAGES, replyFromCassette(interaction));
        const events = await streamOf(h, {
          messages: hello,
          providerOptions: { anthropic: { thinking: recordedRequest.thinking } },
        });
        expect(requestBody(h)).toMatchObject({ thinking: recordedRequest.thinking });
        expect(expected.reasoning.length).toBeGreaterThan(0);
        expect(reasoningOf(events)).toBe(expected.reasoning);
        expect(textOf(events)).toBe(expected.text);
        expect(events.find((e) => e.type === "usage")).toEqual({
          type: "usage",
          usage: expectedUsage(expected.usage),
        });
      });

      it("multi-turn streaming tool loop: the provider's requests carry the same turns as the recorded ones", async () => {
        const interactions = loadVcrCassette(
          `${VCR}/chat_function_calling_anthropic_claude-haiku-4-5_can_use_tools_with_multi-turn_streaming_conversations.yml`,
        );
        type Recorded = {
          model: string;
          messages: Json[];
          tools: Array<{ name: string; description: string; input_schema: Json }>;
        };
        const recorded = interactions.map((i) => bodyJson<Recorded>(i.request.body));
        const first = recorded[0] as Recorded;
        const tools = first.tools.map((t) => ({
          name: t.name,
          description: t.description,
          parameters: t.input_schema,
        }));
        const h = await start();
        for (const interaction of interactions)
          h.upstream.once("POST", MESSAGES, replyFromCassette(interaction));

        // The user turns and tool results come from the recorded requests; everything the
        // model said comes from what the provider streamed back.
        const userTexts = recorded.at(-1)?.messages.filter((m) => m.role === "user") ?? [];
        const conversation: ChatMessage[] = [];
        let nextUser = 0;
        const pushUserTurn = () => {
          const turn = userTexts[nextUser++] as { content: Json[] };
          for (const block of turn.content) {
            if (block.type === "text")
              conversation.push({ role: "user", content: String(block.text) });
            if (block.type === "tool_result") {
              const content = (block.content as Array<{ text: string }>)
                .map((c) => c.text)
                .join("");
              conversation.push({ role: "tool", toolCallId: String(block.tool_use_id), content });
            }
          }
        };
        pushUserTurn();
        for (const [turn, interaction] of interactions.entries()) {
          const events = await streamOf(h, {
            model: first.model,
            messages: conversation,
            tools,
            maxTokens: 64_000,
          });
          const expected = summarizeEvents(sseEvents(interaction.response.body));
          const calls: ToolCall[] = events.flatMap((e) =>
            e.type === "tool-call-end" ? [{ id: e.id, name: e.name, arguments: e.arguments }] : [],
          );
          expect(calls.map((c) => c.arguments)).toEqual(expected.calls.map((c) => c.args));
          expect(textOf(events)).toBe(expected.text);
          const sent = requestBody(h, turn);
          expect(canonical(sent.messages as Json[])).toEqual(
            canonical((recorded[turn] as Recorded).messages),
          );
          expect(sent.tools).toEqual(first.tools);
          conversation.push({
            role: "assistant",
            content: textOf(events) || null,
            ...(calls.length ? { toolCalls: calls } : {}),
          });
          if (turn < interactions.length - 1) pushUserTurn();
        }
        expect(h.upstream.requests).toHaveLength(interactions.length);
      });
    });
  },
);
