import type { ChatRequest } from "@oss-ai-agent-tool/core";
import { describe, expect, it } from "vitest";
import { toOllamaChatRequest } from "../src/to-ollama-chat-request.js";
import { toOllamaFormat } from "../src/to-ollama-format.js";
import { toOllamaTools } from "../src/to-ollama-tools.js";

const hello: ChatRequest["messages"] = [{ role: "user", content: "Hi" }];
const weather = {
  name: "get_weather",
  description: "Weather for a city",
  parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  strict: true,
};
const time = { name: "get_time", parameters: { type: "object" } };

describe("toOllamaTools", () => {
  it("maps definitions to function tools, dropping strict", () => {
    expect(toOllamaTools([weather, time])).toEqual([
      {
        type: "function",
        function: {
          name: "get_weather",
          description: "Weather for a city",
          parameters: weather.parameters,
        },
      },
      { type: "function", function: { name: "get_time", parameters: { type: "object" } } },
    ]);
  });

  it("sends nothing without tools or for toolChoice none", () => {
    expect(toOllamaTools(undefined)).toBeUndefined();
    expect(toOllamaTools([])).toBeUndefined();
    expect(toOllamaTools([weather], "none")).toBeUndefined();
  });

  it("sends all tools for auto and required, only the named one for a tool choice", () => {
    expect(toOllamaTools([weather, time], "auto")).toHaveLength(2);
    expect(toOllamaTools([weather, time], "required")).toHaveLength(2);
    expect(
      toOllamaTools([weather, time], { type: "tool", name: "get_time" })?.map(
        (t) => t.function.name,
      ),
    ).toEqual(["get_time"]);
  });

  it("refuses a tool choice naming an unknown tool", () => {
    expect(() => toOllamaTools([weather], { type: "tool", name: "nope" })).toThrow(
      expect.objectContaining({ status: 400, code: "invalid_request" }),
    );
  });
});

describe("toOllamaFormat", () => {
  it("maps json_object to json, json_schema to its schema, text to nothing", () => {
    const schema = { type: "object", properties: { a: { type: "number" } } };
    expect(toOllamaFormat({ type: "json_object" })).toBe("json");
    expect(toOllamaFormat({ type: "json_schema", name: "out", schema, strict: true })).toBe(schema);
    expect(toOllamaFormat({ type: "text" })).toBeUndefined();
    expect(toOllamaFormat(undefined)).toBeUndefined();
  });
});

describe("toOllamaChatRequest", () => {
  it("maps a bare request to model and messages only", () => {
    expect(toOllamaChatRequest({ messages: hello }, "llama3.2")).toEqual({
      model: "llama3.2",
      messages: [{ role: "user", content: "Hi" }],
    });
  });

  it("puts sampling settings into options, maxTokens as num_predict and stop as a list", () => {
    const params = toOllamaChatRequest(
      {
        messages: hello,
        temperature: 0.2,
        topP: 0.9,
        maxTokens: 64,
        stop: "END",
        seed: 42,
        user: "u-1",
        tools: [weather],
        responseFormat: { type: "json_object" },
      },
      "m",
    );
    expect(params.options).toEqual({
      temperature: 0.2,
      top_p: 0.9,
      num_predict: 64,
      stop: ["END"],
      seed: 42,
    });
    expect(params.format).toBe("json");
    expect(params.tools).toHaveLength(1);
    expect(params).not.toHaveProperty("user");
    expect(toOllamaChatRequest({ messages: hello, stop: ["a", "b"] }, "m").options).toEqual({
      stop: ["a", "b"],
    });
  });

  it("applies settings defaults under providerOptions, and providerOptions under the request", () => {
    const params = toOllamaChatRequest(
      { messages: hello, temperature: 0.5 },
      "m",
      { numCtx: 8192, keepAlive: "10m" },
      {
        think: "high",
        keep_alive: -1,
        logprobs: true,
        options: { top_k: 20, temperature: 2, num_ctx: 4096 },
      },
    );
    expect(params).toMatchObject({
      think: "high",
      keep_alive: -1,
      logprobs: true,
      options: { num_ctx: 4096, top_k: 20, temperature: 0.5 },
    });
    expect(toOllamaChatRequest({ messages: hello }, "m", { numCtx: 2048, keepAlive: 300 })).toEqual(
      {
        model: "m",
        messages: [{ role: "user", content: "Hi" }],
        keep_alive: 300,
        options: { num_ctx: 2048 },
      },
    );
  });

  it("never lets providerOptions override the model, the messages, the stream flag or toolChoice none", () => {
    const params = toOllamaChatRequest(
      { messages: hello, tools: [weather], toolChoice: "none" },
      "m",
      {},
      {
        model: "evil",
        messages: [],
        stream: true,
        tools: [{ type: "function", function: { name: "smuggled" } }],
        options: "not-an-object",
      },
    );
    expect(params.model).toBe("m");
    expect(params.messages).toHaveLength(1);
    expect(params).not.toHaveProperty("stream");
    expect(params).not.toHaveProperty("tools");
    expect(params).not.toHaveProperty("options");
  });

  it("lets providerOptions give a format when the request has none", () => {
    const schema = { type: "object" };
    expect(toOllamaChatRequest({ messages: hello }, "m", {}, { format: schema }).format).toBe(
      schema,
    );
    expect(
      toOllamaChatRequest(
        { messages: hello, responseFormat: { type: "json_object" } },
        "m",
        {},
        {
          format: schema,
        },
      ).format,
    ).toBe("json");
  });
});
