import type { ChatMessage, ChatStreamEvent, ToolDefinition } from "@oss-ai-agent-tool/core";
import {
  chunksToSseEvents,
  closeAfterEach,
  collectEvents,
  fault,
  geminiWire,
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
import { decodeGeminiToolCallId } from "../src/index.js";
import { startGoogle } from "./helpers.js";

// The shared fixtures are real recordings kept beside the repository, never in it.
// Expected values are read from the recordings themselves, so nothing of them is copied here.
const skipReason = sharedFixturesSkipReason();
const VCR = "google/ruby_llm-vcr";
const wire = geminiWire();
const CHAT = wire.routes.chat;
const STREAM = wire.routes.stream ?? CHAT;
const EMBED = wire.routes.embed ?? CHAT;

interface WirePart {
  text?: string;
  thought?: boolean;
  thoughtSignature?: string;
  functionCall?: {
    id?: string;
    name?: string;
    args?: Record<string, unknown>;
    willContinue?: boolean;
    partialArgs?: Array<{ jsonPath: string; stringValue?: string; willContinue?: boolean }>;
  };
  functionResponse?: { name: string; response: unknown };
}
interface WireUsage {
  promptTokenCount?: number;
  candidatesTokenCount?: number;
  totalTokenCount?: number;
  thoughtsTokenCount?: number;
  cachedContentTokenCount?: number;
}
interface WireReply {
  candidates?: Array<{ content?: { parts?: WirePart[] }; finishReason?: string }>;
  usageMetadata?: WireUsage;
  modelVersion?: string;
  responseId?: string;
}
interface WireRequest {
  contents: Array<{ role: string; parts: WirePart[] }>;
  tools?: Array<{
    functionDeclarations: Array<{
      name: string;
      description?: string;
      parameters: Record<string, unknown>;
    }>;
  }>;
}

/** Usage as the contract reports it, computed from the recording's own numbers. */
function expectedUsage(usage: WireUsage) {
  const prompt = usage.promptTokenCount ?? 0;
  const completion = (usage.candidatesTokenCount ?? 0) + (usage.thoughtsTokenCount ?? 0);
  return {
    promptTokens: prompt,
    completionTokens: completion,
    totalTokens: usage.totalTokenCount ?? prompt + completion,
    ...(usage.thoughtsTokenCount !== undefined
      ? { reasoningTokens: usage.thoughtsTokenCount }
      : {}),
    ...(usage.cachedContentTokenCount !== undefined
      ? { cachedPromptTokens: usage.cachedContentTokenCount }
      : {}),
  };
}

/** What recorded replies hold, read independently of the provider's mappers. */
function summarize(replies: WireReply[]) {
  let text = "";
  let reasoning = "";
  const calls: Array<{ name: string; args: Record<string, unknown>; signature?: string }> = [];
  let usage: WireUsage | undefined;
  let finish: string | undefined;
  for (const reply of replies) {
    const candidate = reply.candidates?.[0];
    if (reply.usageMetadata?.totalTokenCount !== undefined) usage = reply.usageMetadata;
    for (const part of candidate?.content?.parts ?? []) {
      if (part.functionCall?.name) {
        calls.push({
          name: part.functionCall.name,
          args: part.functionCall.args ?? {},
          ...(part.thoughtSignature ? { signature: part.thoughtSignature } : {}),
        });
      } else if (part.functionCall?.partialArgs) {
        const last = calls.at(-1);
        for (const arg of part.functionCall.partialArgs) {
          const key = arg.jsonPath.replace(/^\$\./, "");
          if (last && arg.stringValue !== undefined)
            last.args[key] = `${(last.args[key] as string | undefined) ?? ""}${arg.stringValue}`;
        }
      } else if (part.text) {
        if (part.thought) reasoning += part.text;
        else text += part.text;
      }
    }
    if (candidate?.finishReason) finish = candidate.finishReason;
  }
  return { text, reasoning, calls, usage, finish };
}

function callsOf(events: ChatStreamEvent[]) {
  return events.flatMap((e) =>
    e.type === "tool-call-end"
      ? [
          {
            name: e.name,
            args: JSON.parse(e.arguments) as unknown,
            signature: decodeGeminiToolCallId(e.id).thoughtSignature,
          },
        ]
      : [],
  );
}

/** The SSE `data:` payloads of a recorded body (CRLF-framed). */
function sseReplies(body: string | Uint8Array): WireReply[] {
  const text = typeof body === "string" ? body : new TextDecoder().decode(body);
  return text
    .split(/\r?\n/)
    .filter((line) => line.startsWith("data: "))
    .map((line) => JSON.parse(line.slice("data: ".length)) as WireReply);
}

function jsonOf<T>(body: string | Uint8Array): T {
  return JSON.parse(typeof body === "string" ? body : new TextDecoder().decode(body)) as T;
}

function recordedTools(interaction: VcrInteraction): ToolDefinition[] {
  const body = jsonOf<WireRequest>(interaction.request.body);
  return (body.tools ?? []).flatMap((tool) =>
    tool.functionDeclarations.map((d) => ({
      name: d.name,
      ...(d.description ? { description: d.description } : {}),
      // ruby_llm sent Gemini's upper-case types; a gateway client sends JSON Schema.
      parameters: JSON.parse(
        JSON.stringify(d.parameters).replace(
          /"type":"([A-Z]+)"/g,
          (_m, t: string) => `"type":"${t.toLowerCase()}"`,
        ),
      ),
    })),
  );
}

describe.skipIf(!!skipReason)(
  `shared Google fixtures replayed through the SDK${skipReason ? ` (skipped: ${skipReason})` : ""}`,
  () => {
    const start = closeAfterEach(() => startGoogle((url) => ({ baseURL: url, retryAttempts: 2 })));
    const tools: ToolDefinition[] = [
      {
        name: "weather",
        parameters: {
          type: "object",
          properties: { location: { type: "string" } },
          required: ["location"],
        },
      },
    ];

    describe("vercel/ai JSON bodies", () => {
      it.each([
        "google/google-text.json",
        "google/google-reasoning.json",
        "google/google-reasoning-gemini3.json",
        "google/google-tool-call.json",
        "google/google-tool-call-gemini3.json",
      ])("%s: text, tool calls with their signatures, finish and usage", async (file) => {
        const body = readJsonFixture<WireReply>(file);
        const recorded = summarize([body]);
        const h = await start();
        h.upstream.on(CHAT.method, CHAT.path, json(body));
        const res = await h.provider.chat({
          model: "gemini-3-pro-preview",
          messages: [{ role: "user", content: "How many r's are in strawberry?" }],
          tools,
        });
        expect(res.output).toBe(recorded.text);
        expect(res.id).toBe(body.responseId);
        expect(res.model).toBe(body.modelVersion);
        expect(res.usage).toEqual(expectedUsage(recorded.usage ?? {}));
        expect(res.rawFinishReason).toBe(recorded.finish);
        expect(res.finishReason).toBe(recorded.calls.length ? "tool_calls" : "stop");
        expect(
          (res.toolCalls ?? []).map((c) => ({
            name: c.name,
            args: JSON.parse(c.arguments) as unknown,
            signature: decodeGeminiToolCallId(c.id).thoughtSignature,
          })),
        ).toEqual(recorded.calls);
      });
    });

    describe("vercel/ai streams (CRLF SSE)", () => {
      it.each([
        "google/google-text.chunks.txt",
        "google/google-reasoning.chunks.txt",
        "google/google-reasoning-gemini3.chunks.txt",
        "google/google-tool-call.chunks.txt",
        "google/google-tool-call-gemini3.chunks.txt",
        "google/google-stream-no-args-tool-call.chunks.txt",
      ])("%s: text, reasoning, tool calls, usage before finish", async (file) => {
        const lines = readChunksFixture(file);
        const recorded = summarize(lines.map((line) => JSON.parse(line) as WireReply));
        const h = await start();
        h.upstream.on(
          STREAM.method,
          STREAM.path,
          sse(chunksToSseEvents(lines), { lineEnding: "\r\n" }),
        );
        const events = await collectEvents(
          h.provider.stream?.({
            model: "gemini-3-pro-preview",
            messages: [{ role: "user", content: "How many r's are in strawberry?" }],
            tools,
          }),
        );
        expect(textOf(events)).toBe(recorded.text);
        expect(reasoningOf(events)).toBe(recorded.reasoning);
        expect(callsOf(events)).toEqual(recorded.calls);
        const usage = events.find((e) => e.type === "usage");
        expect(usage).toEqual({ type: "usage", usage: expectedUsage(recorded.usage ?? {}) });
        expect(events.at(-1)).toMatchObject({
          type: "finish",
          rawFinishReason: recorded.finish,
          finishReason: recorded.calls.length ? "tool_calls" : "stop",
        });
        expect(events.findIndex((e) => e.type === "usage")).toBe(events.length - 2);
      });

      it("google-stream-no-args-tool-call: the Vertex partial-argument calls come out whole", async () => {
        const lines = readChunksFixture("google/google-stream-no-args-tool-call.chunks.txt");
        const h = await start();
        h.upstream.on(
          STREAM.method,
          STREAM.path,
          sse(chunksToSseEvents(lines), { lineEnding: "\r\n" }),
        );
        const events = await collectEvents(
          h.provider.stream?.({
            model: "gemini-3-flash-preview",
            messages: [{ role: "user", content: "Go" }],
          }),
        );
        const calls = callsOf(events);
        // One call without arguments, then three whose `id` argument was streamed by JSON path.
        expect(calls.map((c) => c.name)).toEqual(
          summarize(lines.map((line) => JSON.parse(line) as WireReply)).calls.map((c) => c.name),
        );
        expect(calls[0]?.args).toEqual({});
        expect(
          new Set(events.flatMap((e) => (e.type === "tool-call-start" ? [e.id] : []))).size,
        ).toBe(calls.length);
        expect(reasoningOf(events).length).toBeGreaterThan(0);
      });
    });

    describe("errors", () => {
      it("google-429-retry-info.json: keeps the RetryInfo delay, and does not wait longer than the gateway allows", async () => {
        const body = readJsonFixture<{
          error: { message: string; details: Array<{ "@type": string; retryDelay?: string }> };
        }>("google/google-429-retry-info.json");
        const delay = body.error.details.find((d) => d.retryDelay)?.retryDelay ?? "";
        const h = await start();
        h.upstream.on(CHAT.method, CHAT.path, fault.status(429, { body }));
        const err = await rejectionOf(
          h.provider.chat({ messages: [{ role: "user", content: "hi" }] }),
        );
        expect(err).toMatchObject({
          status: 429,
          code: "rate_limited",
          retryable: true,
          retryAfterMs: Math.round(Number.parseFloat(delay) * 1000),
        });
        expect((err as Error).message).toContain(body.error.message);
        expect(h.upstream.requests).toHaveLength(1);
      });

      it("ruby_llm auth error: Gemini's 400 for a bad key is not retried and keeps its message", async () => {
        const [interaction] = loadVcrCassette(
          `${VCR}/chat_error_handling_with_gemini_gemini-2_5-flash_raises_appropriate_auth_error.yml`,
        );
        if (!interaction) throw new Error("empty cassette");
        const recorded = jsonOf<{ error: { message: string; status: string } }>(
          interaction.response.body,
        );
        const h = await start();
        h.upstream.on(
          CHAT.method,
          interaction.request.path,
          replyFromCassette(interaction, { includeHeaders: true }),
        );
        const err = await rejectionOf(
          h.provider.chat({
            model: "gemini-2.5-flash",
            messages: [{ role: "user", content: "Hello" }],
          }),
        );
        expect(err).toMatchObject({
          status: interaction.response.status,
          retryable: false,
          provider: "google",
        });
        expect((err as Error).message).toContain(recorded.error.message);
        expect((err as Error).message).toContain(recorded.error.status);
        expect(h.upstream.requests).toHaveLength(1);
        // The same body the recorded client sent, apart from the empty generationConfig it added.
        const sent = requestBody(h);
        expect(sent.contents).toEqual(jsonOf<WireRequest>(interaction.request.body).contents);
      });

      it("ruby_llm quota 429: the RetryInfo delay is kept and is too long to wait for", async () => {
        const [interaction] = loadVcrCassette(
          `${VCR}/chat_real_error_scenarios_gemini_gemini-2_5-flash_handles_context_length_exceeded_errors.yml`,
        );
        if (!interaction) throw new Error("empty cassette");
        const recorded = jsonOf<{ error: { details: Array<{ retryDelay?: string }> } }>(
          interaction.response.body,
        );
        const delay = recorded.error.details.find((d) => d.retryDelay)?.retryDelay ?? "";
        const h = await start();
        h.upstream.on(
          CHAT.method,
          interaction.request.path,
          replyFromCassette(interaction, { includeHeaders: true }),
        );
        const err = await rejectionOf(
          h.provider.chat({
            model: "gemini-2.5-flash",
            messages: [{ role: "user", content: "Hi" }],
          }),
        );
        expect(err).toMatchObject({
          status: 429,
          retryable: true,
          retryAfterMs: Math.round(Number.parseFloat(delay) * 1000),
        });
        expect(h.upstream.requests).toHaveLength(1);
      });
    });

    describe("ruby_llm cassettes", () => {
      it("plain streaming: the recorded CRLF SSE body, text and usage", async () => {
        const [interaction] = loadVcrCassette(
          `${VCR}/chat_streaming_responses_gemini_gemini-2_5-flash_supports_streaming_responses.yml`,
        );
        if (!interaction) throw new Error("empty cassette");
        const recorded = summarize(sseReplies(interaction.response.body));
        const h = await start();
        h.upstream.on(STREAM.method, STREAM.path, replyFromCassette(interaction));
        const prompt =
          jsonOf<WireRequest>(interaction.request.body).contents[0]?.parts[0]?.text ?? "";
        const events = await collectEvents(
          h.provider.stream?.({
            model: "gemini-2.5-flash",
            messages: [{ role: "user", content: prompt }],
          }),
        );
        expect(textOf(events)).toBe(recorded.text);
        expect(events.find((e) => e.type === "usage")).toEqual({
          type: "usage",
          usage: expectedUsage(recorded.usage ?? {}),
        });
        expect(events.at(-1)).toMatchObject({
          type: "finish",
          finishReason: "stop",
          rawFinishReason: recorded.finish,
        });
        expect(h.upstream.requests[0]?.path).toBe(interaction.request.path);
        expect(requestBody(h).contents).toEqual(
          jsonOf<WireRequest>(interaction.request.body).contents,
        );
      });

      it("multi-turn streaming tool loop: arguments kept, the thought signature sent back, results named", async () => {
        const interactions = loadVcrCassette(
          `${VCR}/chat_function_calling_gemini_gemini-2_5-flash_can_use_tools_with_multi-turn_streaming_conversations.yml`,
        );
        expect(interactions).toHaveLength(4);
        const h = await start();
        for (const interaction of interactions)
          h.upstream.once(STREAM.method, STREAM.path, replyFromCassette(interaction));
        const first = interactions[0] as VcrInteraction;
        const toolsSent = recordedTools(first);
        const recordedBodies = interactions.map((i) => jsonOf<WireRequest>(i.request.body));
        const userTurns = recordedBodies
          .flatMap((b) => b.contents)
          .filter((c) => c.role === "user" && c.parts[0]?.text !== undefined)
          .map((c) => c.parts[0]?.text ?? "");
        const questions = [...new Set(userTurns)];
        const results = recordedBodies
          .flatMap((b) => b.contents)
          .flatMap((c) => c.parts.flatMap((p) => (p.functionResponse ? [p.functionResponse] : [])));
        const answers = [...new Map(results.map((r) => [JSON.stringify(r), r])).values()].map(
          (r) => (r.response as { content: Array<{ text: string }> }).content[0]?.text ?? "",
        );

        const messages: ChatMessage[] = [];
        const run = async () =>
          collectEvents(
            h.provider.stream?.({ model: "gemini-2.5-flash", messages, tools: toolsSent }),
          );
        for (const [turn, question] of questions.entries()) {
          messages.push({ role: "user", content: question });
          const callEvents = await run();
          const calls = callEvents.flatMap((e) => (e.type === "tool-call-end" ? [e] : []));
          expect(calls).toHaveLength(1);
          const call = calls[0];
          if (!call) throw new Error("no call");
          const recordedCall = summarize(sseReplies(interactions[turn * 2]?.response.body ?? ""))
            .calls[0];
          expect({ name: call.name, args: JSON.parse(call.arguments) }).toEqual({
            name: recordedCall?.name,
            args: recordedCall?.args,
          });
          expect(decodeGeminiToolCallId(call.id).thoughtSignature).toBe(recordedCall?.signature);
          messages.push({
            role: "assistant",
            content: null,
            toolCalls: [{ id: call.id, name: call.name, arguments: call.arguments }],
          });
          messages.push({ role: "tool", toolCallId: call.id, content: answers[turn] ?? "" });
          const answerEvents = await run();
          const answer = textOf(answerEvents);
          expect(answer).toBe(
            summarize(sseReplies(interactions[turn * 2 + 1]?.response.body ?? "")).text,
          );
          messages.push({ role: "assistant", content: answer });
        }

        // What we sent back matches what the recorded client sent: the calls with their
        // signatures and arguments, and each result under its function's name.
        for (const [i, recorded] of recordedBodies.entries()) {
          const sent = requestBody(h, i) as unknown as WireRequest;
          const strip = (body: WireRequest) =>
            body.contents.map((c) => ({
              role: c.role,
              parts: c.parts.map((p) =>
                p.functionCall
                  ? {
                      call: p.functionCall.name,
                      args: p.functionCall.args,
                      sig: p.thoughtSignature,
                    }
                  : p.functionResponse
                    ? { result: p.functionResponse.name }
                    : { text: p.text },
              ),
            }));
          expect(strip(sent)).toEqual(strip(recorded));
        }
      });

      it("embeddings with custom dimensions: the recorded vector comes back whole", async () => {
        const [interaction] = loadVcrCassette(
          `${VCR}/embedding_basic_functionality_gemini_gemini-embedding-001_can_handle_a_single_text_with_custom_dimensions.yml`,
        );
        if (!interaction) throw new Error("empty cassette");
        const recordedRequest = jsonOf<{
          requests: Array<{
            content: { parts: Array<{ text: string }> };
            outputDimensionality: number;
          }>;
        }>(interaction.request.body);
        const recordedReply = jsonOf<{ embeddings: Array<{ values: number[] }> }>(
          interaction.response.body,
        );
        const h = await start();
        h.upstream.on(EMBED.method, interaction.request.path, replyFromCassette(interaction));
        const request = recordedRequest.requests[0];
        const res = await h.provider.embed?.({
          model: "gemini-embedding-001",
          input: request?.content.parts[0]?.text ?? "",
          dimensions: request?.outputDimensionality ?? 0,
        });
        expect(res?.embeddings).toEqual(recordedReply.embeddings.map((e) => e.values));
        expect(res?.embeddings[0]).toHaveLength(request?.outputDimensionality ?? -1);
        // The recording has no usageMetadata, so there is no usage to report.
        expect(res).not.toHaveProperty("usage");
        const sent = requestBody(h) as { requests: unknown[] };
        expect(sent.requests).toEqual(
          recordedRequest.requests.map((r) => ({ ...r, content: { ...r.content, role: "user" } })),
        );
      });
    });
  },
);
