import type { ChatRequest } from "@oss-ai-agent-tool/core";
import { describe, expect, it } from "vitest";
import {
  toOpenAIChatParams,
  toOpenAIResponseFormat,
  toOpenAIToolChoice,
  toOpenAITools,
} from "../src/index.js";

const hello: ChatRequest["messages"] = [{ role: "user", content: "Hi" }];

describe("toOpenAIChatParams", () => {
  it("maps every sampling and identity field with OpenAI's names", () => {
    expect(
      toOpenAIChatParams(
        {
          messages: hello,
          temperature: 0.3,
          topP: 0.9,
          maxTokens: 100,
          stop: ["\n\n"],
          seed: 7,
          user: "user-42",
        },
        "gpt-4o-mini",
      ),
    ).toEqual({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "Hi" }],
      temperature: 0.3,
      top_p: 0.9,
      max_tokens: 100,
      stop: ["\n\n"],
      seed: 7,
      user: "user-42",
    });
  });

  it("leaves out what the request leaves unset", () => {
    expect(toOpenAIChatParams({ messages: hello }, "gpt-4o")).toEqual({
      model: "gpt-4o",
      messages: [{ role: "user", content: "Hi" }],
    });
  });

  it("sends max_completion_tokens to a reasoning model", () => {
    const params = toOpenAIChatParams({ messages: hello, maxTokens: 500 }, "o3-mini");
    expect(params).toMatchObject({ max_completion_tokens: 500 });
    expect(params).not.toHaveProperty("max_tokens");
  });

  it("lets the caller decide what counts as a reasoning model", () => {
    const params = toOpenAIChatParams({ messages: hello, maxTokens: 5 }, "my-deployment", {
      reasoning: true,
    });
    expect(params).toMatchObject({ max_completion_tokens: 5 });
    expect(
      toOpenAIChatParams({ messages: hello, maxTokens: 5 }, "o3", { reasoning: false }),
    ).toMatchObject({ max_tokens: 5 });
  });

  it("omits the parameters it is told to, mapped or extra", () => {
    const extra = { frequency_penalty: 0, top_p: 1, reasoning_effort: "low" };
    const params = toOpenAIChatParams({ messages: hello, temperature: 0, topP: 0.5 }, "o3", {
      extra,
      omit: ["temperature", "top_p", "frequency_penalty"],
    });
    expect(params).not.toHaveProperty("temperature");
    expect(params).not.toHaveProperty("top_p");
    expect(params).not.toHaveProperty("frequency_penalty");
    expect(params).toMatchObject({ reasoning_effort: "low" });
    // The caller's object is left alone.
    expect(extra).toEqual({ frequency_penalty: 0, top_p: 1, reasoning_effort: "low" });
  });

  it("lets extra parameters fill gaps but never replace model, messages or mapped fields", () => {
    const params = toOpenAIChatParams({ messages: hello, temperature: 0.5 }, "gpt-4o", {
      extra: {
        model: "evil",
        messages: [],
        temperature: 2,
        frequency_penalty: 0.25,
        logit_bias: { "42": -100 },
      },
    });
    expect(params).toMatchObject({
      model: "gpt-4o",
      temperature: 0.5,
      frequency_penalty: 0.25,
      logit_bias: { "42": -100 },
    });
    expect(params.messages).toHaveLength(1);
  });

  it("maps tools, tool choice and the response format", () => {
    const params = toOpenAIChatParams(
      {
        messages: hello,
        tools: [{ name: "f", description: "does f", parameters: { type: "object" }, strict: true }],
        toolChoice: "required",
        responseFormat: { type: "json_object" },
      },
      "gpt-4o",
    );
    expect(params).toMatchObject({
      tools: [
        {
          type: "function",
          function: {
            name: "f",
            description: "does f",
            parameters: { type: "object" },
            strict: true,
          },
        },
      ],
      tool_choice: "required",
      response_format: { type: "json_object" },
    });
  });

  it("sends no tools key for an empty tool list", () => {
    expect(toOpenAIChatParams({ messages: hello, tools: [] }, "gpt-4o")).not.toHaveProperty(
      "tools",
    );
  });
});

describe("toOpenAITools / toOpenAIToolChoice", () => {
  it("omits description and strict when absent", () => {
    expect(toOpenAITools([{ name: "g", parameters: { type: "object", properties: {} } }])).toEqual([
      { type: "function", function: { name: "g", parameters: { type: "object", properties: {} } } },
    ]);
  });

  it.each([
    ["auto", "auto"],
    ["none", "none"],
    ["required", "required"],
  ] as const)("passes %s through", (choice, expected) => {
    expect(toOpenAIToolChoice(choice)).toBe(expected);
  });

  it("names one function", () => {
    expect(toOpenAIToolChoice({ type: "tool", name: "get_weather" })).toEqual({
      type: "function",
      function: { name: "get_weather" },
    });
  });
});

describe("toOpenAIResponseFormat", () => {
  it("maps text and json_object", () => {
    expect(toOpenAIResponseFormat({ type: "text" })).toEqual({ type: "text" });
    expect(toOpenAIResponseFormat({ type: "json_object" })).toEqual({ type: "json_object" });
  });

  it("maps json_schema with name, schema, description and strict", () => {
    const schema = { type: "object", properties: { a: { type: "string" } }, required: ["a"] };
    expect(
      toOpenAIResponseFormat({
        type: "json_schema",
        name: "answer",
        schema,
        description: "the answer",
        strict: true,
      }),
    ).toEqual({
      type: "json_schema",
      json_schema: { name: "answer", schema, description: "the answer", strict: true },
    });
    expect(toOpenAIResponseFormat({ type: "json_schema", name: "a", schema })).toEqual({
      type: "json_schema",
      json_schema: { name: "a", schema },
    });
  });
});
