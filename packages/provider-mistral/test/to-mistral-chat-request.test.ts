import { isProviderError } from "@oss-ai-agent-tool/core";
import { describe, expect, it } from "vitest";
import {
  mapMistralResponseFormat,
  mapMistralToolChoice,
  readMistralChatOptions,
  readMistralEmbedOptions,
  toMistralChatRequest,
} from "../src/index.js";

const messages = [{ role: "user" as const, content: "Hi" }];

describe("mapMistralToolChoice", () => {
  it.each([
    ["auto", "auto"],
    ["none", "none"],
    ["required", "any"],
  ] as const)("maps %s to %s", (choice, expected) => {
    expect(mapMistralToolChoice(choice)).toBe(expected);
  });

  it("maps a named tool to a function choice", () => {
    expect(mapMistralToolChoice({ type: "tool", name: "weather" })).toEqual({
      type: "function",
      function: { name: "weather" },
    });
  });
});

describe("mapMistralResponseFormat", () => {
  it("passes text and json_object through", () => {
    expect(mapMistralResponseFormat({ type: "text" })).toEqual({ type: "text" });
    expect(mapMistralResponseFormat({ type: "json_object" })).toEqual({ type: "json_object" });
  });

  it("maps json_schema with its name, schema, description and strict flag", () => {
    const schema = { type: "object", properties: { a: { type: "string" } } };
    expect(
      mapMistralResponseFormat({
        type: "json_schema",
        name: "thing",
        schema,
        description: "A thing",
        strict: true,
      }),
    ).toEqual({
      type: "json_schema",
      jsonSchema: { name: "thing", schemaDefinition: schema, description: "A thing", strict: true },
    });
    expect(mapMistralResponseFormat({ type: "json_schema", name: "bare", schema })).toEqual({
      type: "json_schema",
      jsonSchema: { name: "bare", schemaDefinition: schema },
    });
  });
});

describe("readMistralChatOptions", () => {
  it("accepts snake_case and camelCase names and ignores keys it does not know", () => {
    expect(
      readMistralChatOptions({
        safe_prompt: true,
        presencePenalty: 0.5,
        frequency_penalty: 0.25,
        parallel_tool_calls: false,
        reasoning_effort: "high",
        prompt_mode: "reasoning",
        prompt_cache_key: "k",
        service_tier: "auto",
        metadata: { team: "a" },
        prediction: { type: "content", content: "x" },
        user: "ignored",
        logit_bias: { 1: 2 },
      }),
    ).toEqual({
      safePrompt: true,
      presencePenalty: 0.5,
      frequencyPenalty: 0.25,
      parallelToolCalls: false,
      reasoningEffort: "high",
      promptMode: "reasoning",
      promptCacheKey: "k",
      serviceTier: "auto",
      metadata: { team: "a" },
      prediction: { type: "content", content: "x" },
    });
    expect(readMistralChatOptions(undefined)).toEqual({});
  });

  it("rejects a bad value with a 400 that names the field", () => {
    let caught: unknown;
    try {
      readMistralChatOptions({ presence_penalty: "high" });
    } catch (err) {
      caught = err;
    }
    expect(isProviderError(caught)).toBe(true);
    expect(caught).toMatchObject({
      status: 400,
      code: "invalid_provider_options",
      retryable: false,
    });
    expect((caught as Error).message).toContain("providerOptions.mistral.presencePenalty");
  });

  it("reads the embedding output dtype", () => {
    expect(readMistralEmbedOptions({ output_dtype: "int8", encoding_format: "base64" })).toEqual({
      outputDtype: "int8",
    });
    expect(() => readMistralEmbedOptions({ outputDtype: "float64" })).toThrow(/outputDtype/);
  });
});

describe("toMistralChatRequest", () => {
  it("maps every sampling field, seed to randomSeed, and drops user", () => {
    expect(
      toMistralChatRequest(
        {
          messages,
          temperature: 0.2,
          topP: 0.9,
          maxTokens: 64,
          stop: ["\n\n", "END"],
          seed: 42,
          user: "u-1",
        },
        "mistral-small-latest",
      ),
    ).toEqual({
      model: "mistral-small-latest",
      messages: [{ role: "user", content: "Hi" }],
      temperature: 0.2,
      topP: 0.9,
      maxTokens: 64,
      stop: ["\n\n", "END"],
      randomSeed: 42,
    });
  });

  it("maps tools, tool choice and response format", () => {
    const params = toMistralChatRequest(
      {
        messages,
        tools: [
          {
            name: "weather",
            description: "Weather for a city",
            parameters: { type: "object", properties: { city: { type: "string" } } },
            strict: true,
          },
          { name: "noop", parameters: { type: "object" } },
        ],
        toolChoice: "required",
        responseFormat: { type: "json_object" },
      },
      "m",
    );
    expect(params.tools).toEqual([
      {
        type: "function",
        function: {
          name: "weather",
          description: "Weather for a city",
          parameters: { type: "object", properties: { city: { type: "string" } } },
          strict: true,
        },
      },
      { type: "function", function: { name: "noop", parameters: { type: "object" } } },
    ]);
    expect(params.toolChoice).toBe("any");
    expect(params.responseFormat).toEqual({ type: "json_object" });
  });

  it("leaves out tools when the list is empty", () => {
    expect(toMistralChatRequest({ messages, tools: [] }, "m")).not.toHaveProperty("tools");
  });

  it("applies settings defaults, lets provider options override them, and never lets them override mapped fields", () => {
    const params = toMistralChatRequest(
      { messages, temperature: 0.5 },
      "m",
      { safePrompt: true },
      { safe_prompt: false, frequency_penalty: 0.1 },
    );
    expect(params).toMatchObject({
      safePrompt: false,
      frequencyPenalty: 0.1,
      temperature: 0.5,
      model: "m",
    });
    expect(toMistralChatRequest({ messages }, "m", { safePrompt: true })).toMatchObject({
      safePrompt: true,
    });
  });
});
