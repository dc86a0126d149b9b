import type { ChatMessage, ChatStreamEvent, ToolDefinition } from "@oss-ai-agent-tool/core";
import {
  awsEventStream,
  bedrockRoute,
  chunksToBedrockMessages,
  closeAfterEach,
  collectEvents,
  decodeEventStreamMessages,
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
import { describe, expect, it } from "vitest";
import { startBedrock } from "./helpers.js";

// The shared fixtures are real recordings kept beside the repository, never in it.
// Expected values are read from the recordings themselves, so nothing of them is copied here.
const skipReason = sharedFixturesSkipReason();
const DIR = "amazon-bedrock";
const VCR = `${DIR}/ruby_llm-vcr`;
const NOVA_TOOLS_STREAM = `${VCR}/chat_function_calling_bedrock_amazon_nova-2-lite-v1_0_can_use_tools_with_multi-turn_streaming_conversations`;
const NOVA_STREAM = `${VCR}/chat_streaming_responses_bedrock_amazon_nova-2-lite-v1_0_supports_streaming_responses`;
const CLAUDE_THINKING = `${VCR}/chat_with_extended_thinking_bedrock_claude-haiku-4-5_streams_thinking_content_when_available`;

interface WireUsage {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  cacheReadInputTokens?: number;
  cacheWriteInputTokens?: number;
}
interface WireBlock {
  text?: string;
  toolUse?: { toolUseId: string; name: string; input: unknown };
  toolResult?: { toolUseId: string; content: Array<{ text?: string; json?: unknown }> };
  reasoningContent?: { reasoningText?: { text: string } };
}
interface WireMessage {
  role: "user" | "assistant";
  content: WireBlock[];
}
interface WireConverse {
  output: { message: WireMessage };
  stopReason: string;
  usage: WireUsage;
}
interface WireRequest {
  messages: WireMessage[];
  system?: Array<{ text: string }>;
  toolConfig?: {
    tools: Array<{
      toolSpec: { name: string; description?: string; inputSchema: { json: object } };
    }>;
  };
  additionalModelRequestFields?: Record<string, unknown>;
}

/** The contract usage a Bedrock usage object stands for (prompt includes the cache counts). */
function expectedUsage(usage: WireUsage) {
  const read = usage.cacheReadInputTokens;
  const write = usage.cacheWriteInputTokens;
  return {
    promptTokens: usage.inputTokens + (read ?? 0) + (write ?? 0),
    completionTokens: usage.outputTokens,
    totalTokens: usage.totalTokens,
    ...(read !== undefined ? { cachedPromptTokens: read } : {}),
    ...(write !== undefined ? { cacheWritePromptTokens: write } : {}),
  };
}

/** What a recorded stream says, read from its decoded `{eventType: payload}` events. */
function summarize(events: Array<[string, Record<string, unknown>]>) {
  let text = "";
  let reasoning = "";
  const tools: Array<{ id: string; name: string; args: string }> = [];
  const byBlock = new Map<number, { id: string; name: string; args: string }>();
  let stopReason: string | undefined;
  let usage: WireUsage | undefined;
  for (const [type, payload] of events) {
    const block = payload.contentBlockIndex as number;
    if (type === "contentBlockStart") {
      const toolUse = (payload.start as { toolUse?: { toolUseId: string; name: string } }).toolUse;
      if (toolUse) {
        const call = { id: toolUse.toolUseId, name: toolUse.name, args: "" };
        tools.push(call);
        byBlock.set(block, call);
      }
    } else if (type === "contentBlockDelta") {
      const delta = payload.delta as {
        text?: string;
        toolUse?: { input: string };
        reasoningContent?: { text?: string };
      };
      text += delta.text ?? "";
      reasoning += delta.reasoningContent?.text ?? "";
      const call = byBlock.get(block);
      if (call && delta.toolUse) call.args += delta.toolUse.input;
    } else if (type === "messageStop") {
      stopReason = payload.stopReason as string;
    } else if (type === "metadata") {
      usage = payload.usage as WireUsage;
    }
  }
  return { text, reasoning, tools, stopReason, usage };
}

function linesAsEvents(lines: string[]): Array<[string, Record<string, unknown>]> {
  return lines.map((line) => {
    const [entry] = Object.entries(JSON.parse(line) as Record<string, Record<string, unknown>>);
    return entry as [string, Record<string, unknown>];
  });
}

function binaryAsEvents(bytes: Uint8Array): Array<[string, Record<string, unknown>]> {
  return decodeEventStreamMessages(bytes).map((m) => [
    String(m.headers[":event-type"]),
    JSON.parse(new TextDecoder().decode(m.payload)) as Record<string, unknown>,
  ]);
}

function expectStreamMatches(events: ChatStreamEvent[], expected: ReturnType<typeof summarize>) {
  expect(expected.text.length + expected.reasoning.length + expected.tools.length).toBeGreaterThan(
    0,
  );
  expect(textOf(events)).toBe(expected.text);
  expect(reasoningOf(events)).toBe(expected.reasoning);
  const ends = events.filter((e) => e.type === "tool-call-end");
  expect(ends.map((e) => ({ id: e.id, name: e.name, args: JSON.parse(e.arguments) }))).toEqual(
    expected.tools.map((t) => ({ id: t.id, name: t.name, args: JSON.parse(t.args) })),
  );
  if (expected.usage)
    expect(events.find((e) => e.type === "usage")).toEqual({
      type: "usage",
      usage: expectedUsage(expected.usage),
    });
  expect(events.at(-1)).toMatchObject({ type: "finish", rawFinishReason: expected.stopReason });
}

function bodyText(body: string | Uint8Array): string {
  return typeof body === "string" ? body : new TextDecoder().decode(body);
}

function recordedRequest(interaction: VcrInteraction): WireRequest {
  return JSON.parse(bodyText(interaction.request.body)) as WireRequest;
}

/** The recorded Converse messages in the contract's terms, so the provider sends them again. */
function toContract(request: WireRequest): { messages: ChatMessage[]; tools: ToolDefinition[] } {
  const messages: ChatMessage[] = (request.system ?? []).map((s) => ({
    role: "system",
    content: s.text,
  }));
  for (const message of request.messages) {
    const text = message.content.flatMap((b) => (b.text !== undefined ? [b.text] : [])).join("");
    const calls = message.content.flatMap((b) => (b.toolUse ? [b.toolUse] : []));
    const results = message.content.flatMap((b) => (b.toolResult ? [b.toolResult] : []));
    if (message.role === "assistant") {
      messages.push({
        role: "assistant",
        content: text || null,
        ...(calls.length
          ? {
              toolCalls: calls.map((c) => ({
                id: c.toolUseId,
                name: c.name,
                arguments: JSON.stringify(c.input),
              })),
            }
          : {}),
      });
    } else if (results.length) {
      for (const r of results)
        messages.push({
          role: "tool",
          toolCallId: r.toolUseId,
          content: r.content.map((c) => c.text ?? JSON.stringify(c.json)).join(""),
        });
    } else {
      messages.push({ role: "user", content: text });
    }
  }
  const tools = (request.toolConfig?.tools ?? []).map((t) => ({
    name: t.toolSpec.name,
    ...(t.toolSpec.description ? { description: t.toolSpec.description } : {}),
    parameters: t.toolSpec.inputSchema.json as Record<string, unknown>,
  }));
  return { messages, tools };
}

/** The model id of a recorded `/model/<id>/<operation>` path. */
function modelOf(interaction: VcrInteraction): string {
  return decodeURIComponent(interaction.request.path.split("/")[2] ?? "");
}

describe.skipIf(!!skipReason)(
  `shared Bedrock fixtures replayed through the SDK${skipReason ? ` (skipped: ${skipReason})` : ""}`,
  () => {
    const start = closeAfterEach(() => startBedrock());

    describe("vercel/ai Converse bodies", () => {
      it.each([
        "amazon-bedrock-text.json",
        "amazon-bedrock-reasoning.json",
        "amazon-bedrock-json-other-tool.1.json",
      ])("%s: text, reasoning, tool calls, finish and usage", async (file) => {
        const body = readJsonFixture<WireConverse>(`${DIR}/${file}`);
        const h = await start();
        h.upstream.on("POST", bedrockRoute("converse"), json(body));
        const res = await h.provider.chat({
          model: "anthropic.claude-3-7-sonnet-20250219-v1:0",
          messages: [{ role: "user", content: "How many r's are in strawberry?" }],
          tools: [{ name: "get-weather", parameters: { type: "object" } }],
        });
        const blocks = body.output.message.content;
        const text = blocks.flatMap((b) => (b.text !== undefined ? [b.text] : [])).join("");
        const reasoning = blocks
          .flatMap((b) =>
            b.reasoningContent?.reasoningText ? [b.reasoningContent.reasoningText.text] : [],
          )
          .join("");
        const calls = blocks.flatMap((b) => (b.toolUse ? [b.toolUse] : []));
        expect(text.length + reasoning.length + calls.length).toBeGreaterThan(0);
        expect(res.output).toBe(text);
        expect(res.reasoning ?? "").toBe(reasoning);
        expect(
          (res.toolCalls ?? []).map((c) => ({
            id: c.id,
            name: c.name,
            input: JSON.parse(c.arguments),
          })),
        ).toEqual(calls.map((c) => ({ id: c.toolUseId, name: c.name, input: c.input })));
        expect(res.rawFinishReason).toBe(body.stopReason);
        expect(res.usage).toEqual(expectedUsage(body.usage));
      });
    });

    describe("vercel/ai ConverseStream chunks, encoded as event-stream frames", () => {
      it.each([
        "amazon-bedrock-text.chunks.txt",
        "amazon-bedrock-reasoning.chunks.txt",
        "amazon-bedrock-json-other-tool.1.chunks.txt",
      ])("%s", async (file) => {
        const lines = readChunksFixture(`${DIR}/${file}`);
        const h = await start();
        h.upstream.on(
          "POST",
          bedrockRoute("converse-stream"),
          awsEventStream(chunksToBedrockMessages(lines), { splitEvery: 7 }),
        );
        const events = await collectEvents(
          h.provider.stream?.({
            model: "anthropic.claude-3-7-sonnet-20250219-v1:0",
            messages: [{ role: "user", content: "How many r's are in strawberry?" }],
          }),
        );
        expectStreamMatches(events, summarize(linesAsEvents(lines)));
      });
    });

    describe("ruby_llm recordings", () => {
      it.each([
        `${NOVA_STREAM}.1.eventstream.bin`,
        `${CLAUDE_THINKING}.1.eventstream.bin`,
        `${NOVA_TOOLS_STREAM}.1.eventstream.bin`,
      ])("the real binary body %s through ConverseStream", async (file) => {
        const bytes = readBinaryFixture(file);
        const h = await start();
        h.upstream.on(
          "POST",
          bedrockRoute("converse-stream"),
          raw("", {
            chunks: [bytes],
            headers: { "content-type": "application/vnd.amazon.eventstream" },
          }),
        );
        const events = await collectEvents(
          h.provider.stream?.({
            model: "us.amazon.nova-2-lite-v1:0",
            messages: [{ role: "user", content: "Hi" }],
          }),
        );
        expectStreamMatches(events, summarize(binaryAsEvents(bytes)));
      });

      it("the thinking request's reasoning config reaches the wire through providerOptions", async () => {
        const [interaction] = loadVcrCassette(`${CLAUDE_THINKING}.yml`);
        if (!interaction) throw new Error("empty cassette");
        const recorded = recordedRequest(interaction);
        const h = await start();
        h.upstream.on(
          "POST",
          bedrockRoute("converse-stream"),
          raw("", {
            chunks: [readBinaryFixture(`${CLAUDE_THINKING}.1.eventstream.bin`)],
            headers: { "content-type": "application/vnd.amazon.eventstream" },
          }),
        );
        const { messages } = toContract(recorded);
        const events = await collectEvents(
          h.provider.stream?.({
            model: modelOf(interaction),
            messages,
            providerOptions: {
              bedrock: { additionalModelRequestFields: recorded.additionalModelRequestFields },
            },
          }),
        );
        expect(reasoningOf(events).length).toBeGreaterThan(0);
        const sent = requestBody(h);
        expect(sent.messages).toEqual(recorded.messages);
        expect(sent.additionalModelRequestFields).toEqual(recorded.additionalModelRequestFields);
        expect(h.upstream.requests[0]?.path).toBe(
          `/model/${encodeURIComponent(modelOf(interaction))}/converse-stream`,
        );
      });

      it("a multi-turn streamed tool loop: every request as recorded, every reply as streamed", async () => {
        const cassette = loadVcrCassette(`${NOVA_TOOLS_STREAM}.yml`);
        expect(cassette).toHaveLength(4);
        const h = await start();
        for (const [i] of cassette.entries()) {
          h.upstream.once(
            "POST",
            bedrockRoute("converse-stream"),
            raw("", {
              chunks: [readBinaryFixture(`${NOVA_TOOLS_STREAM}.${i + 1}.eventstream.bin`)],
              headers: { "content-type": "application/vnd.amazon.eventstream" },
            }),
          );
        }
        for (const [i, interaction] of cassette.entries()) {
          const recorded = recordedRequest(interaction);
          const { messages, tools } = toContract(recorded);
          const events = await collectEvents(
            h.provider.stream?.({ model: modelOf(interaction), messages, tools }),
          );
          expectStreamMatches(
            events,
            summarize(
              binaryAsEvents(readBinaryFixture(`${NOVA_TOOLS_STREAM}.${i + 1}.eventstream.bin`)),
            ),
          );
          const sent = requestBody(h, i);
          expect(sent.messages).toEqual(recorded.messages);
          expect(sent.toolConfig).toEqual(recorded.toolConfig);
        }
      });

      it("a non-streamed tool loop: tool call, then the answer after the tool result", async () => {
        const cassette = loadVcrCassette(
          `${VCR}/chat_function_calling_bedrock_amazon_nova-2-lite-v1_0_can_use_tools.yml`,
        );
        const h = await start();
        for (const interaction of cassette)
          h.upstream.once("POST", bedrockRoute("converse"), replyFromCassette(interaction));
        for (const [i, interaction] of cassette.entries()) {
          const recorded = recordedRequest(interaction);
          const reply = JSON.parse(bodyText(interaction.response.body)) as WireConverse;
          const res = await h.provider.chat({
            model: modelOf(interaction),
            ...toContract(recorded),
          });
          const calls = reply.output.message.content.flatMap((b) => (b.toolUse ? [b.toolUse] : []));
          expect(res.output).toBe(reply.output.message.content.map((b) => b.text ?? "").join(""));
          expect(
            (res.toolCalls ?? []).map((c) => ({
              id: c.id,
              name: c.name,
              input: JSON.parse(c.arguments),
            })),
          ).toEqual(calls.map((c) => ({ id: c.toolUseId, name: c.name, input: c.input })));
          expect(res.rawFinishReason).toBe(reply.stopReason);
          expect(res.usage).toEqual(expectedUsage(reply.usage));
          expect(requestBody(h, i).messages).toEqual(recorded.messages);
        }
      });

      it("the prompt cache round trip reports the cache write, then the cache read", async () => {
        const cassette = loadVcrCassette(
          `${VCR}/chat_prompt_cache_round-trip_bedrock_claude-haiku-4-5_writes_then_reads_the_prompt_cache.yml`,
        );
        const h = await start();
        for (const interaction of cassette)
          h.upstream.once("POST", bedrockRoute("converse"), replyFromCassette(interaction));
        const usages = [];
        for (const interaction of cassette) {
          const reply = JSON.parse(bodyText(interaction.response.body)) as WireConverse;
          const res = await h.provider.chat({
            model: modelOf(interaction),
            messages: [{ role: "user", content: "Reply with exactly: OK" }],
          });
          expect(res.usage).toEqual(expectedUsage(reply.usage));
          usages.push(res.usage);
        }
        expect(usages[0]?.cacheWritePromptTokens).toBeGreaterThan(0);
        expect(usages[1]?.cachedPromptTokens).toBe(usages[0]?.cacheWritePromptTokens);
      });

      it.each([
        [
          "chat_error_handling_with_bedrock_amazon_nova-2-lite-v1_0_raises_appropriate_auth_error.yml",
          "UnrecognizedClientException",
        ],
        [
          "chat_real_error_scenarios_bedrock_amazon_nova-2-lite-v1_0_handles_context_length_exceeded_errors.yml",
          "ValidationException",
        ],
      ])("the recorded error %s keeps its status, type and message", async (file, code) => {
        const [interaction] = loadVcrCassette(`${VCR}/${file}`);
        if (!interaction) throw new Error("empty cassette");
        const h = await start();
        h.upstream.on(
          "POST",
          bedrockRoute("converse"),
          replyFromCassette(interaction, { includeHeaders: true }),
        );
        const { message } = JSON.parse(bodyText(interaction.response.body)) as { message: string };
        const err = await rejectionOf(
          h.provider.chat({
            model: modelOf(interaction),
            messages: [{ role: "user", content: "Hi" }],
          }),
        );
        expect(err).toMatchObject({
          status: interaction.response.status,
          code,
          retryable: false,
          message: `bedrock: ${message}`,
        });
        expect(h.upstream.requests).toHaveLength(1);
      });

      it("Titan embeddings: the recorded vector and token count", async () => {
        const [interaction] = loadVcrCassette(
          `${VCR}/embedding_basic_functionality_bedrock_amazon_titan-embed-text-v2_0_can_handle_a_single_text.yml`,
        );
        if (!interaction) throw new Error("empty cassette");
        const recorded = JSON.parse(bodyText(interaction.request.body)) as {
          inputText: string;
          normalize?: boolean;
        };
        const reply = JSON.parse(bodyText(interaction.response.body)) as {
          embedding: number[];
          inputTextTokenCount: number;
        };
        const h = await start();
        h.upstream.on("POST", bedrockRoute("invoke"), replyFromCassette(interaction));
        const res = await h.provider.embed?.({
          model: modelOf(interaction),
          input: recorded.inputText,
          ...(recorded.normalize !== undefined
            ? { providerOptions: { bedrock: { normalize: recorded.normalize } } }
            : {}),
        });
        expect(reply.embedding.length).toBeGreaterThan(0);
        expect(res?.embeddings).toEqual([reply.embedding]);
        expect(res?.usage).toEqual({
          promptTokens: reply.inputTextTokenCount,
          totalTokens: reply.inputTextTokenCount,
        });
        expect(requestBody(h)).toEqual(recorded);
      });
    });
  },
);
