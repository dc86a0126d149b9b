/**
 * Replays real recordings of other OpenAI-compatible servers (xAI, Groq,
 * DeepSeek, an Anthropic-backed endpoint, Azure OpenAI, OpenRouter) from
 * ../shared/fixtures through createOpenAICompatibleProvider, the helper the
 * sibling plugins build on. Skips without the folder.
 */
import { readFileSync } from "node:fs";
import type { ChatStreamEvent } from "@oss-ai-agent-tool/core";
import {
  chunksToSseEvents,
  collectEvents,
  type Harness,
  json,
  loadVcrCassette,
  raw,
  readChunksFixture,
  readJsonFixture,
  replyFromCassette,
  requestBody,
  sharedFixturePath,
  sharedFixturesSkipReason,
  sse,
  textOf,
} from "@oss-ai-agent-tool/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { startCompatible } from "./support/compatible.js";

const skipReason = sharedFixturesSkipReason();
const title = (name: string) => (skipReason ? `${name} (skipped: ${skipReason})` : name);
const ask = [{ role: "user" as const, content: "What is the weather in San Francisco?" }];
const weatherTool = {
  name: "weather",
  description: "Get the weather in a location",
  parameters: {
    type: "object",
    properties: { location: { type: "string" } },
    required: ["location"],
  },
};
const CHAT = /\/chat\/completions$/;

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const start = async () => {
  harness = await startCompatible({ defaultModel: "replayed-model" });
  return harness;
};

const ends = (events: ChatStreamEvent[]) => events.filter((e) => e.type === "tool-call-end");

/** What the recorded chunks say, computed independently of the mapper. */
function fromChunks(lines: string[]) {
  const parsed = lines.map(
    (line) =>
      JSON.parse(line) as {
        choices?: Array<{
          delta?: {
            content?: string | null;
            reasoning_content?: string | null;
            tool_calls?: Array<{ function?: { arguments?: string } }>;
          };
        }>;
      },
  );
  const deltas = parsed.flatMap((c) => (c.choices ?? []).map((choice) => choice.delta ?? {}));
  return {
    text: deltas.map((d) => d.content ?? "").join(""),
    reasoning: deltas.map((d) => d.reasoning_content ?? "").join(""),
    arguments: deltas
      .flatMap((d) => d.tool_calls ?? [])
      .map((t) => t.function?.arguments ?? "")
      .join(""),
  };
}

describe.skipIf(!!skipReason)(title("replaying recorded OpenAI-compatible traffic"), () => {
  it("xAI grok-3-mini tool call (JSON): the call, the reasoning text and the cached/reasoning tokens", async () => {
    const h = await start();
    h.upstream.on("POST", CHAT, json(readJsonFixture("openai-compatible/xai-tool-call.json")));
    const res = await h.provider.chat({ messages: ask, tools: [weatherTool] });
    expect(res.toolCalls).toEqual([
      { id: "call_46427107", name: "weather", arguments: '{"location":"San Francisco"}' },
    ]);
    expect(res).toMatchObject({ output: "", finishReason: "tool_calls", model: "grok-3-mini" });
    expect(res.reasoning).toMatch(/^First, the user is asking about the weather in San Francisco/);
    expect(res.usage).toEqual({
      promptTokens: 307,
      completionTokens: 26,
      totalTokens: 588,
      cachedPromptTokens: 244,
      reasoningTokens: 255,
    });
  });

  it("xAI tool call (stream, finish reason sent twice): reasoning deltas, one call, usage, finish last", async () => {
    const lines = readChunksFixture("openai-compatible/xai-tool-call.chunks.txt");
    const h = await start();
    h.upstream.on("POST", CHAT, sse(chunksToSseEvents(lines), { done: true }));
    const events = await collectEvents(
      h.provider.stream?.({ messages: ask, tools: [weatherTool] }),
    );
    const reasoning = events
      .flatMap((e) => (e.type === "reasoning-delta" ? [e.delta] : []))
      .join("");
    expect(reasoning).toBe(fromChunks(lines).reasoning);
    expect(ends(events)).toEqual([
      {
        type: "tool-call-end",
        index: 0,
        id: "call_79382389",
        name: "weather",
        arguments: '{"location":"San Francisco"}',
      },
    ]);
    expect(events.at(-2)).toMatchObject({
      type: "usage",
      usage: { promptTokens: 307, cachedPromptTokens: 306, reasoningTokens: 227 },
    });
    expect(events.at(-1)).toMatchObject({ type: "finish", finishReason: "tool_calls" });
  });

  it("DeepSeek reasoner tool call (stream): arguments reassembled from many fragments, usage in the finish chunk", async () => {
    const lines = readChunksFixture("openai-compatible/deepseek-tool-call.chunks.txt");
    const h = await start();
    h.upstream.on("POST", CHAT, sse(chunksToSseEvents(lines), { done: true }));
    const events = await collectEvents(
      h.provider.stream?.({ messages: ask, tools: [weatherTool] }),
    );
    const expected = fromChunks(lines).arguments;
    expect(expected).toBe('{"location": "San Francisco"}');
    expect(ends(events)).toEqual([
      {
        type: "tool-call-end",
        index: 0,
        id: "call_00_ioIn7yN9p1ZOMNpDLwd4MgAF",
        name: "weather",
        arguments: expected,
      },
    ]);
    expect(
      events.flatMap((e) => (e.type === "tool-call-delta" ? [e.argumentsDelta] : [])).join(""),
    ).toBe(expected);
    expect(events.find((e) => e.type === "usage")).toMatchObject({
      usage: {
        promptTokens: 339,
        completionTokens: 83,
        cachedPromptTokens: 320,
        reasoningTokens: 39,
      },
    });
  });

  it("Groq tool call (stream, whole call in one fragment)", async () => {
    const lines = readChunksFixture("openai-compatible/groq-tool-call.chunks.txt");
    const h = await start();
    h.upstream.on("POST", CHAT, sse(chunksToSseEvents(lines), { done: true }));
    const events = await collectEvents(
      h.provider.stream?.({ messages: ask, tools: [weatherTool] }),
    );
    expect(ends(events)).toEqual([
      { type: "tool-call-end", index: 0, id: "tk85n1k4m", name: "weather", arguments: "{}" },
    ]);
    expect(events.at(-2)).toEqual({
      type: "usage",
      usage: { promptTokens: 210, completionTokens: 15, totalTokens: 225 },
    });
  });

  it("Groq tool call (JSON, no content field)", async () => {
    const h = await start();
    h.upstream.on("POST", CHAT, json(readJsonFixture("openai-compatible/groq-tool-call.json")));
    const res = await h.provider.chat({ messages: ask, tools: [weatherTool] });
    expect(res.toolCalls).toEqual([{ id: "ax9fskhev", name: "weather", arguments: "{}" }]);
    expect(res.usage).toEqual({ promptTokens: 218, completionTokens: 15, totalTokens: 233 });
  });

  it("raw SSE bytes whose tool-call index starts at 1: text, then call 0", async () => {
    const body = readFileSync(
      sharedFixturePath("openai-compatible/anthropic-fallback-tool-call.sse"),
    );
    const h = await start();
    h.upstream.on(
      "POST",
      CHAT,
      raw("", { headers: { "content-type": "text/event-stream" }, chunks: [body] }),
    );
    const events = await collectEvents(h.provider.stream?.({ messages: ask }));
    expect(textOf(events)).toBe("Reading it.");
    expect(ends(events)).toEqual([
      {
        type: "tool-call-end",
        index: 0,
        id: "toolu_sanitized",
        name: "read_file",
        arguments: '{"path": "a.txt"}',
      },
    ]);
    // The recording asked for no usage: none is invented.
    expect(events.some((e) => e.type === "usage")).toBe(false);
    expect(events.at(-1)).toMatchObject({
      type: "finish",
      finishReason: "tool_calls",
      id: "msg_sanitized",
    });
  });

  it("Azure OpenAI model-router stream: the prompt-filter chunk first, reasoning tokens in usage", async () => {
    const lines = readChunksFixture("azure/chat-completions/azure-model-router.1.chunks.txt");
    const h = await start();
    h.upstream.on("POST", CHAT, sse(chunksToSseEvents(lines), { done: true }));
    const events = await collectEvents(h.provider.stream?.({ messages: ask }));
    expect(textOf(events)).toBe(fromChunks(lines).text);
    expect(textOf(events).length).toBeGreaterThan(0);
    expect(events.at(-2)).toEqual({
      type: "usage",
      usage: {
        promptTokens: 15,
        completionTokens: 78,
        totalTokens: 93,
        cachedPromptTokens: 0,
        reasoningTokens: 64,
      },
    });
    expect(events.at(-1)).toEqual({
      type: "finish",
      finishReason: "stop",
      rawFinishReason: "stop",
      id: "chatcmpl-CYPS1lijGoK8gd9lYzY3r9Sx50nbt",
      model: "gpt-5-nano-2025-08-07",
    });
  });

  it("OpenRouter tool loop (ruby_llm cassette): the call, then the answer to its result", async () => {
    const [first, second] = loadVcrCassette(
      "openrouter/ruby_llm-vcr/chat_function_calling_openrouter_claude-haiku-4-5_can_use_tools.yml",
    );
    if (!first || !second) throw new Error("the cassette should hold two interactions");
    const h = await start();
    h.upstream.once("POST", CHAT, replyFromCassette(first));
    h.upstream.once("POST", CHAT, replyFromCassette(second));
    const question = [
      { role: "user" as const, content: "What's the weather in Berlin? (52.5200, 13.4050)" },
    ];
    const turn = await h.provider.chat({ messages: question, tools: [weatherTool] });
    expect(turn.finishReason).toBe("tool_calls");
    expect(turn.toolCalls).toHaveLength(1);
    const call = turn.toolCalls?.[0];
    expect(call?.name).toBe("weather");
    expect(JSON.parse(call?.arguments ?? "")).toEqual({
      latitude: "52.5200",
      longitude: "13.4050",
    });
    const answer = await h.provider.chat({
      messages: [
        ...question,
        { role: "assistant", content: null, toolCalls: turn.toolCalls ?? [] },
        {
          role: "tool",
          toolCallId: call?.id ?? "",
          content: "Current weather: 15°C, wind 10 km/h",
        },
      ],
      tools: [weatherTool],
    });
    expect(answer.output).toMatch(/^The current weather in Berlin is:/);
    expect(answer.usage).toMatchObject({
      promptTokens: 748,
      completionTokens: 42,
      totalTokens: 790,
    });
    expect(requestBody(h, 1).messages).toEqual([
      { role: "user", content: question[0]?.content },
      {
        role: "assistant",
        content: null,
        tool_calls: [
          {
            id: call?.id,
            type: "function",
            function: { name: "weather", arguments: call?.arguments },
          },
        ],
      },
      { role: "tool", tool_call_id: call?.id, content: "Current weather: 15°C, wind 10 km/h" },
    ]);
  });
});
