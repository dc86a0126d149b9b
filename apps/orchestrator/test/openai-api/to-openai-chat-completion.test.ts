import type { ChatResponse, FinishReason } from "@oss-ai-agent-tool/core";
import { FINISH_REASONS } from "@oss-ai-agent-tool/core";
import type { ChatCompletion } from "openai/resources/chat/completions";
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  mapFinishReasonToOpenAI,
  type OpenAIChatCompletion,
  toOpenAIChatCompletion,
  toOpenAIUsage,
} from "../../src/openai-api/index.js";

const base: ChatResponse = {
  id: "resp_1",
  provider: "anthropic",
  model: "claude-sonnet-4-5",
  output: "Hello!",
  finishReason: "stop",
};

describe("toOpenAIChatCompletion", () => {
  it("builds the exact chat.completion shape", () => {
    expect(
      toOpenAIChatCompletion(
        { ...base, usage: { promptTokens: 10, completionTokens: 3, totalTokens: 13 } },
        { model: "anthropic/claude-sonnet-4-5", created: 1_700_000_000 },
      ),
    ).toStrictEqual({
      id: "resp_1",
      object: "chat.completion",
      created: 1_700_000_000,
      model: "anthropic/claude-sonnet-4-5",
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: "Hello!", refusal: null },
          finish_reason: "stop",
          logprobs: null,
        },
      ],
      usage: { prompt_tokens: 10, completion_tokens: 3, total_tokens: 13 },
    });
  });

  it("sends null content with tool calls, and the tool calls in OpenAI's shape", () => {
    const completion = toOpenAIChatCompletion(
      {
        ...base,
        output: "",
        finishReason: "tool_calls",
        toolCalls: [{ id: "call_1", name: "get_weather", arguments: '{"city":"Paris"}' }],
      },
      { model: "m", created: 1, id: "chatcmpl-gateway" },
    );
    expect(completion.id).toBe("chatcmpl-gateway");
    expect(completion.choices[0]).toStrictEqual({
      index: 0,
      message: {
        role: "assistant",
        content: null,
        refusal: null,
        tool_calls: [
          {
            id: "call_1",
            type: "function",
            function: { name: "get_weather", arguments: '{"city":"Paris"}' },
          },
        ],
      },
      finish_reason: "tool_calls",
      logprobs: null,
    });
  });

  it("keeps text next to tool calls, an empty reply as an empty string, and leaves usage out when unknown", () => {
    const both = toOpenAIChatCompletion(
      { ...base, toolCalls: [{ id: "c", name: "f", arguments: "{}" }] },
      { model: "m", created: 1 },
    );
    expect(both.choices[0]!.message.content).toBe("Hello!");
    const empty = toOpenAIChatCompletion(
      { ...base, output: "", toolCalls: [] },
      { model: "m", created: 1 },
    );
    expect(empty.choices[0]!.message).toStrictEqual({
      role: "assistant",
      content: "",
      refusal: null,
    });
    expect(empty).not.toHaveProperty("usage");
  });

  it("puts reasoning in reasoning_content and usage details where known", () => {
    const completion = toOpenAIChatCompletion(
      {
        ...base,
        reasoning: "Let me think.",
        usage: {
          promptTokens: 100,
          completionTokens: 50,
          totalTokens: 150,
          cachedPromptTokens: 80,
          cacheWritePromptTokens: 5,
          reasoningTokens: 30,
        },
      },
      { model: "m", created: 1 },
    );
    expect(completion.choices[0]!.message.reasoning_content).toBe("Let me think.");
    expect(completion.usage).toStrictEqual({
      prompt_tokens: 100,
      completion_tokens: 50,
      total_tokens: 150,
      prompt_tokens_details: { cached_tokens: 80 },
      completion_tokens_details: { reasoning_tokens: 30 },
    });
  });

  it("is assignable to the official SDK's ChatCompletion", () => {
    const completion: ChatCompletion = toOpenAIChatCompletion(base, { model: "m", created: 1 });
    expect(completion.object).toBe("chat.completion");
    expectTypeOf<OpenAIChatCompletion>().toExtend<ChatCompletion>();
  });
});

describe("mapFinishReasonToOpenAI", () => {
  const expected: Record<FinishReason, string> = {
    stop: "stop",
    length: "length",
    tool_calls: "tool_calls",
    content_filter: "content_filter",
    error: "stop",
    other: "stop",
  };

  it.each(FINISH_REASONS)("maps %s", (reason) => {
    expect(mapFinishReasonToOpenAI(reason)).toBe(expected[reason]);
  });
});

describe("toOpenAIUsage", () => {
  it("leaves the detail objects out when the provider did not report them", () => {
    expect(toOpenAIUsage({ promptTokens: 1, completionTokens: 2, totalTokens: 3 })).toStrictEqual({
      prompt_tokens: 1,
      completion_tokens: 2,
      total_tokens: 3,
    });
  });
});
