import type { ChatRequest } from "@oss-ai-agent-tool/core";
import { describe, expect, it } from "vitest";
import {
  assertGeminiModel,
  mapGeminiResponseFormat,
  mapGeminiToolChoice,
  mapGeminiTools,
  readGoogleChatOptions,
  readGoogleEmbedOptions,
  toGeminiGenerateParams,
} from "../src/index.js";

const MODEL = "gemini-2.5-flash";
const hello: ChatRequest["messages"] = [
  { role: "system", content: "Be terse." },
  { role: "user", content: "Hi" },
];

const weather = {
  name: "get_weather",
  description: "Weather for a city",
  parameters: {
    $schema: "http://json-schema.org/draft-07/schema#",
    type: "object",
    properties: {
      city: { type: "string" },
      unit: { type: ["string", "null"], enum: ["c", "f", null] },
    },
    required: ["city"],
    additionalProperties: false,
  },
  strict: true,
};

function rejection(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error("expected a throw");
}

describe("toGeminiGenerateParams", () => {
  it("maps sampling fields into the generation config, and always turns off the SDK's own follow-up requests", () => {
    const params = toGeminiGenerateParams(
      {
        messages: hello,
        temperature: 0.2,
        topP: 0.9,
        maxTokens: 64,
        stop: "END",
        seed: 7,
        user: "u-1",
      },
      MODEL,
    );
    expect(params).toEqual({
      model: MODEL,
      contents: [{ role: "user", parts: [{ text: "Hi" }] }],
      config: {
        systemInstruction: { parts: [{ text: "Be terse." }] },
        temperature: 0.2,
        topP: 0.9,
        maxOutputTokens: 64,
        stopSequences: ["END"],
        seed: 7,
        automaticFunctionCalling: { disable: true },
        automaticContinuation: false,
      },
    });
  });

  it("sends tools as function declarations with converted schemas, and the tool choice", () => {
    const params = toGeminiGenerateParams(
      {
        messages: hello,
        tools: [weather],
        toolChoice: { type: "tool", name: "get_weather" },
        stop: ["a", "b"],
      },
      MODEL,
    );
    expect(params.config?.stopSequences).toEqual(["a", "b"]);
    expect(params.config?.tools).toEqual([
      {
        functionDeclarations: [
          {
            name: "get_weather",
            description: "Weather for a city",
            parameters: {
              type: "OBJECT",
              properties: {
                city: { type: "STRING" },
                unit: { type: "STRING", enum: ["c", "f"], nullable: true },
              },
              required: ["city"],
            },
          },
        ],
      },
    ]);
    expect(params.config?.toolConfig).toEqual({
      functionCallingConfig: { mode: "ANY", allowedFunctionNames: ["get_weather"] },
    });
  });

  it("sends no toolConfig without tools, and a tool without parameters without a schema", () => {
    expect(
      toGeminiGenerateParams({ messages: hello, toolChoice: "required" }, MODEL).config,
    ).not.toHaveProperty("toolConfig");
    expect(
      mapGeminiTools([{ name: "now", parameters: { type: "object", properties: {} } }]),
    ).toEqual([{ functionDeclarations: [{ name: "now" }] }]);
    expect(mapGeminiTools([])).toBeUndefined();
  });

  it("passes schemas as they are in json-schema mode, from settings or per request", () => {
    const fromSettings = toGeminiGenerateParams({ messages: hello, tools: [weather] }, MODEL, {
      schemaMode: "json-schema",
    });
    expect(fromSettings.config?.tools?.[0]).toEqual({
      functionDeclarations: [
        {
          name: "get_weather",
          description: "Weather for a city",
          parametersJsonSchema: weather.parameters,
        },
      ],
    });
    const perRequest = toGeminiGenerateParams(
      {
        messages: hello,
        responseFormat: {
          type: "json_schema",
          name: "out",
          schema: { type: "object", additionalProperties: false },
        },
      },
      MODEL,
      { schemaMode: "openapi" },
      { schema_mode: "json-schema" },
    );
    expect(perRequest.config).toMatchObject({
      responseMimeType: "application/json",
      responseJsonSchema: { type: "object", additionalProperties: false },
    });
  });

  it("rejects a recursive tool schema with a 400 naming the tool, before anything is sent", () => {
    const err = rejection(() =>
      toGeminiGenerateParams(
        {
          messages: hello,
          tools: [
            {
              name: "tree",
              parameters: {
                type: "object",
                properties: { node: { $ref: "#/$defs/N" } },
                $defs: {
                  N: {
                    type: "object",
                    properties: { kids: { type: "array", items: { $ref: "#/$defs/N" } } },
                  },
                },
              },
            },
          ],
        },
        MODEL,
      ),
    );
    expect(err).toMatchObject({ status: 400, code: "invalid_tool_schema", retryable: false });
    expect((err as Error).message).toContain('tool "tree"');
    expect((err as Error).message).toContain("recursive");
  });

  it("reads providerOptions.google in camelCase or snake_case; settings' safety settings are the default", () => {
    const params = toGeminiGenerateParams(
      { messages: hello, temperature: 0.5 },
      MODEL,
      { safetySettings: [{ category: "HARM_CATEGORY_HARASSMENT", threshold: "BLOCK_NONE" }] },
      {
        thinking_config: { include_thoughts: true, thinking_budget: 1024 },
        top_k: 40,
        presencePenalty: 0.1,
        frequency_penalty: 0.2,
        cachedContent: "cachedContents/abc",
        media_resolution: "MEDIA_RESOLUTION_LOW",
        temperature: 2,
        unknownKey: "ignored",
      },
    );
    expect(params.config).toMatchObject({
      thinkingConfig: { includeThoughts: true, thinkingBudget: 1024 },
      topK: 40,
      presencePenalty: 0.1,
      frequencyPenalty: 0.2,
      cachedContent: "cachedContents/abc",
      mediaResolution: "MEDIA_RESOLUTION_LOW",
      safetySettings: [{ category: "HARM_CATEGORY_HARASSMENT", threshold: "BLOCK_NONE" }],
      temperature: 0.5,
    });
    expect(params.config).not.toHaveProperty("unknownKey");
    const own = toGeminiGenerateParams(
      { messages: hello },
      MODEL,
      { safetySettings: [{ category: "A", threshold: "B" }] },
      { safetySettings: [{ category: "C", threshold: "D" }] },
    );
    expect(own.config?.safetySettings).toEqual([{ category: "C", threshold: "D" }]);
  });

  it("rejects a bad provider option with a 400 naming it", () => {
    const err = rejection(() => readGoogleChatOptions({ topK: "many" }));
    expect(err).toMatchObject({ status: 400, code: "invalid_provider_options" });
    expect((err as Error).message).toContain("providerOptions.google.topK");
    expect(readGoogleChatOptions(undefined)).toEqual({});
    expect(readGoogleEmbedOptions({ task_type: "RETRIEVAL_QUERY", title: "t", other: 1 })).toEqual({
      taskType: "RETRIEVAL_QUERY",
      title: "t",
    });
  });

  it.each(["", "models/../x", "gemini?key=1", "a&b"])("rejects the model name %j", (model) => {
    expect(rejection(() => assertGeminiModel(model))).toMatchObject({
      status: 400,
      code: "invalid_model",
    });
  });
});

describe("mapGeminiToolChoice", () => {
  it.each([
    ["auto", { functionCallingConfig: { mode: "AUTO" } }],
    ["none", { functionCallingConfig: { mode: "NONE" } }],
    ["required", { functionCallingConfig: { mode: "ANY" } }],
    [undefined, undefined],
  ] as const)("maps %s", (choice, expected) => {
    expect(mapGeminiToolChoice(choice)).toEqual(expected);
  });
});

describe("mapGeminiResponseFormat", () => {
  it("maps text, json_object and json_schema", () => {
    expect(mapGeminiResponseFormat(undefined)).toEqual({});
    expect(mapGeminiResponseFormat({ type: "text" })).toEqual({});
    expect(mapGeminiResponseFormat({ type: "json_object" })).toEqual({
      responseMimeType: "application/json",
    });
    expect(
      mapGeminiResponseFormat({
        type: "json_schema",
        name: "answer",
        description: "The answer",
        strict: true,
        schema: {
          type: "object",
          properties: { n: { type: "integer", exclusiveMinimum: 0 } },
          required: ["n"],
          additionalProperties: false,
        },
      }),
    ).toEqual({
      responseMimeType: "application/json",
      responseSchema: {
        type: "OBJECT",
        description: "The answer",
        properties: { n: { type: "INTEGER", minimum: 0 } },
        required: ["n"],
      },
    });
  });

  it("sends only the MIME type for a schema that says nothing", () => {
    expect(mapGeminiResponseFormat({ type: "json_schema", name: "any", schema: {} })).toEqual({
      responseMimeType: "application/json",
    });
  });

  it("rejects a schema that cannot be converted with a 400", () => {
    const err = rejection(() =>
      mapGeminiResponseFormat({ type: "json_schema", name: "loop", schema: { $ref: "#" } }),
    );
    expect(err).toMatchObject({ status: 400, code: "invalid_response_schema" });
    expect((err as Error).message).toContain('"loop"');
  });
});
