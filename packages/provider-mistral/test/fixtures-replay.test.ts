import type { ChatMessage, ToolDefinition } from "@oss-ai-agent-tool/core";
import {
  chunksToSseEvents,
  closeAfterEach,
  collectEvents,
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
import { startMistral } from "./helpers.js";

// The shared fixtures are real recordings kept beside the repository, never in it.
// Expected values are read from the recordings themselves, so nothing of them is copied here.
const skipReason = sharedFixturesSkipReason();
const VCR = "mistral/ruby_llm-vcr";
const CHAT = "/v1/chat/completions";

interface WireUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens?: number };
}
interface WireToolCall {
  id?: string;
  function: { name: string; arguments: string | object };
}
interface WireChunk {
  id: string;
  model: string;
  usage?: WireUsage;
  choices: Array<{
    delta: {
      content?:
        | string
        | Array<{ type: string; text?: string; thinking?: Array<{ text?: string }> }>;
      tool_calls?: WireToolCall[];
    };
    finish_reason: string | null;
  }>;
}
interface WireCompletion {
  id: string;
  model: string;
  usage: WireUsage;
  choices: Array<{
    finish_reason: string;
    message: {
      content?: WireChunk["choices"][number]["delta"]["content"] | null;
      tool_calls?: WireToolCall[] | null;
    };
  }>;
}

/** Text and reasoning of wire content, read independently of the provider's mappers. */
function wireText(content: WireChunk["choices"][number]["delta"]["content"] | null | undefined) {
  let text = "";
  let reasoning = "";
  if (typeof content === "string") text = content;
  for (const chunk of Array.isArray(content) ? content : []) {
    if (chunk.type === "text") text += chunk.text ?? "";
    if (chunk.type === "thinking") reasoning += (chunk.thinking ?? []).map((t) => t.text).join("");
  }
  return { text, reasoning };
}

function expectedUsage(usage: WireUsage) {
  return {
    promptTokens: usage.prompt_tokens,
    completionTokens: usage.completion_tokens,
    totalTokens: usage.total_tokens,
    ...(usage.prompt_tokens_details?.cached_tokens !== undefined
      ? { cachedPromptTokens: usage.prompt_tokens_details.cached_tokens }
      : {}),
  };
}

/** What a recorded stream says: its text, reasoning, tool calls, usage and finish. */
function summarizeChunks(chunks: WireChunk[]) {
  let text = "";
  let reasoning = "";
  const args = new Map<number, string>();
  const names = new Map<number, string>();
  let usage: WireUsage | undefined;
  let finish: string | undefined;
  for (const chunk of chunks) {
    const choice = chunk.choices[0];
    if (chunk.usage) usage = chunk.usage;
    if (!choice) continue;
    const parts = wireText(choice.delta.content);
    text += parts.text;
    reasoning += parts.reasoning;
    for (const [i, call] of (choice.delta.tool_calls ?? []).entries()) {
      const index = (call as { index?: number }).index ?? i;
      if (call.function.name) names.set(index, call.function.name);
      const piece = call.function.arguments;
      args.set(
        index,
        (args.get(index) ?? "") + (typeof piece === "string" ? piece : JSON.stringify(piece)),
      );
    }
    if (choice.finish_reason) finish = choice.finish_reason;
  }
  return { text, reasoning, args, names, usage, finish };
}

/** The `data:` payloads of a recorded SSE body, `[DONE]` excluded. */
function sseChunks(body: string | Uint8Array): WireChunk[] {
  const text = typeof body === "string" ? body : new TextDecoder().decode(body);
  return text
    .split(/\r?\n/)
    .filter((line) => line.startsWith("data: ") && line !== "data: [DONE]")
    .map((line) => JSON.parse(line.slice("data: ".length)) as WireChunk);
}

function jsonBody<T>(interaction: VcrInteraction): T {
  const body = interaction.response.body;
  return JSON.parse(typeof body === "string" ? body : new TextDecoder().decode(body)) as T;
}

function recordedRequest(interaction: VcrInteraction): {
  model: string;
  messages: Array<Record<string, unknown>>;
  tools?: Array<{
    function: { name: string; description?: string; parameters: Record<string, unknown> };
  }>;
} {
  const body = interaction.request.body;
  return JSON.parse(typeof body === "string" ? body : new TextDecoder().decode(body));
}

/** The recorded request's messages in the contract's terms, so the provider sends them again. */
function toContractMessages(messages: Array<Record<string, unknown>>): ChatMessage[] {
  return messages.map((m): ChatMessage => {
    const content = typeof m.content === "string" ? m.content : "";
    if (m.role === "tool") return { role: "tool", toolCallId: String(m.tool_call_id), content };
    if (m.role === "assistant") {
      const calls = (m.tool_calls as WireToolCall[] | undefined) ?? [];
      return {
        role: "assistant",
        content,
        ...(calls.length
          ? {
              toolCalls: calls.map((c) => ({
                id: String(c.id),
                name: c.function.name,
                arguments: String(c.function.arguments),
              })),
            }
          : {}),
      };
    }
    if (m.role === "system") return { role: "system", content };
    return { role: "user", content };
  });
}

function toContractTools(tools: ReturnType<typeof recordedRequest>["tools"]): ToolDefinition[] {
  return (tools ?? []).map((t) => {
    // ruby_llm put `strict` inside the parameters; it is a function-level flag.
    const { strict, ...parameters } = t.function.parameters;
    return {
      name: t.function.name,
      ...(t.function.description ? { description: t.function.description } : {}),
      parameters,
      ...(typeof strict === "boolean" ? { strict } : {}),
    };
  });
}

describe.skipIf(!!skipReason)(
  `shared Mistral fixtures replayed through the SDK${skipReason ? ` (skipped: ${skipReason})` : ""}`,
  () => {
    const start = closeAfterEach(() => startMistral());

    describe("vercel/ai JSON bodies", () => {
      it.each([
        "mistral/mistral-text.json",
        "mistral/mistral-tool-call.json",
        "mistral/mistral-reasoning.json",
      ])("%s: text, reasoning, tool calls, finish and usage", async (file) => {
        const body = readJsonFixture<WireCompletion>(file);
        const choice = body.choices[0];
        if (!choice) throw new Error(`${file} has no choice`);
        const h = await start();
        h.upstream.on("POST", CHAT, json(body));
        const res = await h.provider.chat({ messages: [{ role: "user", content: "hi" }] });
        const expected = wireText(choice.message.content);
        expect(res).toMatchObject({
          id: body.id,
          model: body.model,
          output: expected.text,
          rawFinishReason: choice.finish_reason,
          usage: expectedUsage(body.usage),
        });
        if (expected.reasoning) expect(res.reasoning).toBe(expected.reasoning);
        else expect(res.reasoning).toBeUndefined();
        const calls = choice.message.tool_calls ?? [];
        expect(res.toolCalls ?? []).toEqual(
          calls.map((c) => ({
            id: c.id,
            name: c.function.name,
            arguments: c.function.arguments,
          })),
        );
        if (calls.length) {
          expect(res.finishReason).toBe("tool_calls");
          for (const call of res.toolCalls ?? [])
            expect(() => JSON.parse(call.arguments)).not.toThrow();
        }
      });
    });

    describe("vercel/ai streams (with the [DONE] the recordings leave out)", () => {
      it.each([
        "mistral/mistral-text.chunks.txt",
        "mistral/mistral-tool-call.chunks.txt",
        "mistral/mistral-incremental-tool-call.chunks.txt",
        "mistral/mistral-reasoning.chunks.txt",
      ])("%s", async (file) => {
        const lines = readChunksFixture(file);
        const recorded = summarizeChunks(lines.map((l) => JSON.parse(l) as WireChunk));
        const h = await start();
        h.upstream.on("POST", CHAT, sse(chunksToSseEvents(lines), { done: true }));
        const events = await collectEvents(
          h.provider.stream?.({ messages: [{ role: "user", content: "hi" }] }),
        );
        expect(textOf(events)).toBe(recorded.text);
        expect(reasoningOf(events)).toBe(recorded.reasoning);
        const ends = events.filter((e) => e.type === "tool-call-end");
        expect(ends.map((e) => [e.name, e.arguments])).toEqual(
          [...recorded.args.entries()].map(([i, a]) => [recorded.names.get(i), a]),
        );
        for (const end of ends) expect(() => JSON.parse(end.arguments)).not.toThrow();
        if (!recorded.usage) throw new Error(`${file} has no usage`);
        expect(events.find((e) => e.type === "usage")).toEqual({
          type: "usage",
          usage: expectedUsage(recorded.usage),
        });
        expect(events.at(-1)).toMatchObject({ type: "finish", rawFinishReason: recorded.finish });
        expect(events.filter((e) => e.type === "finish")).toHaveLength(1);
      });

      it("keeps the recorded tool-call id and reassembles the incremental arguments", async () => {
        const file = "mistral/mistral-incremental-tool-call.chunks.txt";
        const lines = readChunksFixture(file);
        const first = (JSON.parse(lines[0] ?? "{}") as WireChunk).choices[0]?.delta.tool_calls?.[0];
        const h = await start();
        h.upstream.on("POST", CHAT, sse(chunksToSseEvents(lines), { done: true }));
        const events = await collectEvents(
          h.provider.stream?.({ messages: [{ role: "user", content: "hi" }] }),
        );
        const starts = events.filter((e) => e.type === "tool-call-start");
        expect(starts).toHaveLength(1);
        expect(starts[0]).toMatchObject({ id: first?.id, name: first?.function.name });
        const end = events.find((e) => e.type === "tool-call-end");
        const deltas = events.flatMap((e) =>
          e.type === "tool-call-delta" ? [e.argumentsDelta] : [],
        );
        expect(deltas.join("")).toBe(end?.type === "tool-call-end" ? end.arguments : undefined);
        expect(events.at(-1)).toMatchObject({ type: "finish", finishReason: "tool_calls" });
      });
    });

    describe("ruby_llm VCR cassettes (exact recorded bytes)", () => {
      it("auth error: the recorded 401 becomes a non-retryable ProviderError", async () => {
        const [interaction] = loadVcrCassette(
          `${VCR}/chat_error_handling_with_mistral_mistral-small-latest_raises_appropriate_auth_error.yml`,
        );
        if (!interaction) throw new Error("empty cassette");
        const h = await start();
        h.upstream.on("POST", CHAT, replyFromCassette(interaction, { includeHeaders: true }));
        const err = await rejectionOf(
          h.provider.chat({
            model: "mistral-small-latest",
            messages: [{ role: "user", content: "Hello" }],
          }),
        );
        expect(err).toMatchObject({ status: 401, retryable: false, provider: "mistral" });
        expect(h.upstream.requests).toHaveLength(1);
      });

      it("plain stream: the recorded text, finish and usage", async () => {
        const [interaction] = loadVcrCassette(
          `${VCR}/chat_streaming_responses_mistral_mistral-small-latest_supports_streaming_responses.yml`,
        );
        if (!interaction) throw new Error("empty cassette");
        const recorded = summarizeChunks(sseChunks(interaction.response.body));
        const h = await start();
        h.upstream.on("POST", CHAT, replyFromCassette(interaction));
        const req = recordedRequest(interaction);
        const events = await collectEvents(
          h.provider.stream?.({ model: req.model, messages: toContractMessages(req.messages) }),
        );
        expect(textOf(events)).toBe(recorded.text);
        expect(events.find((e) => e.type === "usage")).toMatchObject({
          usage: expectedUsage(recorded.usage as WireUsage),
        });
        expect(events.at(-1)).toMatchObject({ type: "finish", finishReason: "stop" });
        expect(requestBody(h)).toMatchObject({
          model: req.model,
          messages: req.messages,
          stream: true,
        });
      });

      it("hybrid reasoning stream: thinking chunks become reasoning, kept apart from the text", async () => {
        const [interaction] = loadVcrCassette(
          `${VCR}/chat_mistral_hybrid_reasoning_streams_thinking_separately_from_content.yml`,
        );
        if (!interaction) throw new Error("empty cassette");
        const recorded = summarizeChunks(sseChunks(interaction.response.body));
        expect(recorded.reasoning.length).toBeGreaterThan(0);
        const h = await start();
        h.upstream.on("POST", CHAT, replyFromCassette(interaction));
        const req = recordedRequest(interaction) as ReturnType<typeof recordedRequest> & {
          reasoning_effort: string;
        };
        const events = await collectEvents(
          h.provider.stream?.({
            model: req.model,
            messages: toContractMessages(req.messages),
            providerOptions: { mistral: { reasoning_effort: req.reasoning_effort } },
          }),
        );
        expect(reasoningOf(events)).toBe(recorded.reasoning);
        expect(textOf(events)).toBe(recorded.text);
        const firstText = events.findIndex((e) => e.type === "text-delta");
        const lastReasoning = events.findLastIndex((e) => e.type === "reasoning-delta");
        expect(lastReasoning).toBeLessThan(firstText);
        expect(events.find((e) => e.type === "usage")).toMatchObject({
          usage: expectedUsage(recorded.usage as WireUsage),
        });
        expect(requestBody(h)).toMatchObject({ reasoning_effort: req.reasoning_effort });
      });

      it("tool loop: the recorded tool call, then the answer after the tool result", async () => {
        const interactions = loadVcrCassette(
          `${VCR}/chat_function_calling_mistral_mistral-small-latest_can_use_tools.yml`,
        );
        const [call, answer] = interactions;
        if (!call || !answer) throw new Error("expected two interactions");
        const h = await start();
        for (const interaction of interactions)
          h.upstream.once("POST", CHAT, replyFromCassette(interaction));

        const first = recordedRequest(call);
        const tools = toContractTools(first.tools);
        const res1 = await h.provider.chat({
          model: first.model,
          messages: toContractMessages(first.messages),
          tools,
        });
        const body1 = jsonBody<WireCompletion>(call);
        const wireCall = body1.choices[0]?.message.tool_calls?.[0];
        expect(res1.finishReason).toBe("tool_calls");
        expect(res1.toolCalls).toEqual([
          {
            id: wireCall?.id,
            name: wireCall?.function.name,
            arguments: wireCall?.function.arguments,
          },
        ]);
        expect(res1.usage).toEqual(expectedUsage(body1.usage));

        // The follow-up turn as the recording sent it; the provider must encode it the same way.
        const second = recordedRequest(answer);
        const res2 = await h.provider.chat({
          model: second.model,
          messages: toContractMessages(second.messages),
          tools,
        });
        const body2 = jsonBody<WireCompletion>(answer);
        expect(res2.output).toBe(body2.choices[0]?.message.content);
        expect(res2.usage).toEqual(expectedUsage(body2.usage));

        const sent = requestBody(h, 1) as { messages: Array<Record<string, unknown>> };
        const recordedTool = second.messages.find((m) => m.role === "tool");
        expect(sent.messages.find((m) => m.role === "tool")).toMatchObject({
          tool_call_id: recordedTool?.tool_call_id,
          content: recordedTool?.content,
        });
        const sentAssistant = sent.messages.find((m) => m.role === "assistant") as {
          tool_calls: WireToolCall[];
        };
        const recordedAssistant = second.messages.find((m) => m.role === "assistant") as {
          tool_calls: WireToolCall[];
        };
        expect(sentAssistant.tool_calls[0]).toMatchObject({
          id: recordedAssistant.tool_calls[0]?.id,
          type: "function",
          function: { name: recordedAssistant.tool_calls[0]?.function.name },
        });
        expect(requestBody(h, 0)).toMatchObject({
          tools: [{ type: "function", function: { name: first.tools?.[0]?.function.name } }],
        });
      });

      it("multi-turn streaming tool loop: four recorded streams in order", async () => {
        const interactions = loadVcrCassette(
          `${VCR}/chat_function_calling_mistral_mistral-small-latest_can_use_tools_with_multi-turn_streaming_conversations.yml`,
        );
        expect(interactions).toHaveLength(4);
        const h = await start();
        for (const interaction of interactions)
          h.upstream.once("POST", CHAT, replyFromCassette(interaction));
        for (const interaction of interactions) {
          const recorded = summarizeChunks(sseChunks(interaction.response.body));
          const req = recordedRequest(interaction);
          const events = await collectEvents(
            h.provider.stream?.({
              model: req.model,
              messages: toContractMessages(req.messages),
              tools: toContractTools(req.tools),
            }),
          );
          expect(textOf(events)).toBe(recorded.text);
          const ends = events.filter((e) => e.type === "tool-call-end");
          expect(ends.map((e) => JSON.parse(e.arguments))).toEqual(
            [...recorded.args.values()].map((a) => JSON.parse(a)),
          );
          expect(events.find((e) => e.type === "usage")).toMatchObject({
            usage: expectedUsage(recorded.usage as WireUsage),
          });
          expect(events.at(-1)).toMatchObject({ type: "finish", rawFinishReason: recorded.finish });
        }
        expect(h.upstream.requests).toHaveLength(4);
      });

      it("embeddings: the recorded full-length vector and usage", async () => {
        const [interaction] = loadVcrCassette(
          `${VCR}/embedding_basic_functionality_mistral_mistral-embed_can_handle_a_single_text.yml`,
        );
        if (!interaction) throw new Error("empty cassette");
        const body = jsonBody<{
          model: string;
          data: Array<{ embedding: number[] }>;
          usage: WireUsage;
        }>(interaction);
        const h = await start();
        h.upstream.on("POST", "/v1/embeddings", replyFromCassette(interaction));
        const req = JSON.parse(String(interaction.request.body)) as {
          model: string;
          input: string;
        };
        const res = await h.provider.embed?.({ input: req.input });
        expect(res?.model).toBe(body.model);
        expect(res?.embeddings).toEqual([body.data[0]?.embedding]);
        expect(res?.usage).toEqual({
          promptTokens: body.usage.prompt_tokens,
          totalTokens: body.usage.total_tokens,
        });
        expect(requestBody(h)).toEqual({ model: req.model, input: req.input });
      });
    });
  },
);
