import type { ChatRequest } from "@oss-ai-agent-tool/core";
import { describe, expect, it } from "vitest";
import {
  findUnsupportedParameters,
  InvalidAnthropicRequestError,
  mapAnthropicResponseFormat,
  readAnthropicChatOptions,
  toAnthropicParams,
  toAnthropicToolChoice,
  toAnthropicTools,
} from "../src/index.js";

const messages: ChatRequest["messages"] = [{ role: "user", content: "Hi" }];
const defaults = { defaultMaxTokens: 4096, version: "2026-10-21" as const };
const tool = {
  name: "get_weather",
  description: "Weather",
  parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
};

describe("toAnthropicParams", () => {
  it("maps the basics: model, max_tokens, stop sequences, user id, system", () => {
    const { params, jsonTool } = toAnthropicParams(
      {
        messages: [{ role: "system", content: "Terse." }, ...messages],
        maxTokens: 100,
        stop: "END",
        user: "user-7",
      },
      "claude-haiku-4-5",
      defaults,
    );
    expect(jsonTool).toBe(false);
    expect(params).toEqual({
      model: "claude-haiku-4-5",
      max_tokens: 100,
      system: [{ type: "text", text: "Terse." }],
      messages: [{ role: "user", content: [{ type: "text", text: "Hi" }] }],
      stop_sequences: ["END"],
      metadata: { user_id: "user-7" },
    });
  });

  it("defaults max_tokens, and adds the thinking budget when thinking is enabled", () => {
    expect(toAnthropicParams({ messages }, "m", defaults).params.max_tokens).toBe(4096);
    const thinking = toAnthropicParams({ messages }, "m", {
      ...defaults,
      options: { thinking: { type: "enabled", budget_tokens: 2048 } },
    });
    expect(thinking.params).toMatchObject({
      max_tokens: 4096 + 2048,
      thinking: { type: "enabled", budget_tokens: 2048 },
    });
    // The request's own maxTokens is the client's choice, and is kept.
    const own = toAnthropicParams({ messages, maxTokens: 3000 }, "m", {
      ...defaults,
      options: { thinking: { type: "enabled", budget_tokens: 2048 } },
    });
    expect(own.params.max_tokens).toBe(3000);
  });

  it("sends temperature, top_p and top_k only on API version 2023-06-01, and never seed", () => {
    const req: ChatRequest = { messages, temperature: 0.2, topP: 0.9, seed: 7 };
    const current = toAnthropicParams(req, "m", { ...defaults, options: { top_k: 5 } }).params;
    expect(current).not.toHaveProperty("temperature");
    expect(current).not.toHaveProperty("top_p");
    expect(current).not.toHaveProperty("top_k");
    const legacy = toAnthropicParams(req, "m", {
      ...defaults,
      version: "2023-06-01",
      options: { top_k: 5 },
    }).params;
    expect(legacy).toMatchObject({ temperature: 0.2, top_p: 0.9, top_k: 5 });
    expect(JSON.stringify(legacy)).not.toContain("seed");
  });

  it("maps tools and tool choice, with disable_parallel_tool_use from the provider options", () => {
    const { params } = toAnthropicParams({ messages, tools: [tool], toolChoice: "required" }, "m", {
      ...defaults,
      options: { disable_parallel_tool_use: true },
    });
    expect(params.tools).toEqual([
      { name: "get_weather", description: "Weather", input_schema: tool.parameters },
    ]);
    expect(params.tool_choice).toEqual({ type: "any", disable_parallel_tool_use: true });
  });

  it("sends no tool_choice without tools", () => {
    const { params } = toAnthropicParams({ messages, toolChoice: "none" }, "m", defaults);
    expect(params).not.toHaveProperty("tool_choice");
    expect(params).not.toHaveProperty("tools");
  });

  it("maps json_schema to structured output, merged with effort in output_config", () => {
    const schema = {
      type: "object",
      properties: { a: { type: "string" } },
      additionalProperties: false,
    };
    const { params, jsonTool } = toAnthropicParams(
      { messages, responseFormat: { type: "json_schema", name: "out", schema, strict: true } },
      "m",
      { ...defaults, options: { effort: "low" } },
    );
    expect(jsonTool).toBe(false);
    expect(params.output_config).toEqual({
      format: { type: "json_schema", schema },
      effort: "low",
    });
  });

  it("serves json_object through a forced json tool", () => {
    const { params, jsonTool } = toAnthropicParams(
      { messages, responseFormat: { type: "json_object" }, toolChoice: "auto" },
      "m",
      defaults,
    );
    expect(jsonTool).toBe(true);
    expect(params.tools).toEqual([
      expect.objectContaining({
        name: "json",
        input_schema: { type: "object", additionalProperties: true },
      }),
    ]);
    expect(params.tool_choice).toEqual({ type: "tool", name: "json" });
  });

  it("rejects json_object together with tools", () => {
    expect(() =>
      toAnthropicParams(
        { messages, tools: [tool], responseFormat: { type: "json_object" } },
        "m",
        defaults,
      ),
    ).toThrow(InvalidAnthropicRequestError);
  });

  it("passes thinking, service_tier and cache_control through", () => {
    const { params } = toAnthropicParams({ messages, responseFormat: { type: "text" } }, "m", {
      ...defaults,
      options: {
        thinking: { type: "adaptive", display: "summarized" },
        service_tier: "standard_only",
        cache_control: { type: "ephemeral", ttl: "1h" },
      },
    });
    expect(params).toMatchObject({
      thinking: { type: "adaptive", display: "summarized" },
      service_tier: "standard_only",
      cache_control: { type: "ephemeral", ttl: "1h" },
    });
    expect(params).not.toHaveProperty("output_config");
  });
});

describe("toAnthropicTools", () => {
  it("reads a schema without type (or none at all) as an object schema, and keeps strict", () => {
    expect(
      toAnthropicTools([
        { name: "a", parameters: {} },
        { name: "b", parameters: { properties: { x: { type: "number" } } }, strict: true },
        { name: "c", parameters: null as unknown as Record<string, unknown> },
      ]),
    ).toEqual([
      { name: "a", input_schema: { type: "object" } },
      {
        name: "b",
        input_schema: { type: "object", properties: { x: { type: "number" } } },
        strict: true,
      },
      { name: "c", input_schema: { type: "object", properties: {} } },
    ]);
  });

  it("rejects a schema that is not an object schema", () => {
    expect(() => toAnthropicTools([{ name: "a", parameters: { type: "string" } }])).toThrow(
      /tools\[0\]\.parameters|object schema/,
    );
  });
});

describe("toAnthropicToolChoice", () => {
  it.each([
    [undefined, undefined, undefined],
    [undefined, false, { type: "auto", disable_parallel_tool_use: false }],
    ["auto", undefined, { type: "auto" }],
    ["none", true, { type: "none" }],
    ["required", undefined, { type: "any" }],
    [
      { type: "tool", name: "f" },
      true,
      { type: "tool", name: "f", disable_parallel_tool_use: true },
    ],
  ] as const)("maps %o (parallel off: %o) to %o", (choice, disable, expected) => {
    expect(toAnthropicToolChoice(choice, disable)).toEqual(expected);
  });
});

describe("mapAnthropicResponseFormat", () => {
  it("sends nothing for text or no format", () => {
    expect(mapAnthropicResponseFormat(undefined)).toEqual({ kind: "none" });
    expect(mapAnthropicResponseFormat({ type: "text" })).toEqual({ kind: "none" });
  });
});

describe("findUnsupportedParameters", () => {
  it("finds sampling parameters on 2026-10-21 and seed on every version", () => {
    const req: ChatRequest = { messages, temperature: 1, topP: 1, seed: 1 };
    expect(findUnsupportedParameters(req, { top_k: 1 }, "2026-10-21")).toEqual([
      "temperature",
      "top_p",
      "top_k",
      "seed",
    ]);
    expect(findUnsupportedParameters(req, { top_k: 1 }, "2023-06-01")).toEqual(["seed"]);
    expect(findUnsupportedParameters({ messages }, {}, "2026-10-21")).toEqual([]);
  });
});

describe("readAnthropicChatOptions", () => {
  it("reads snake_case and camelCase keys and ignores unknown ones", () => {
    expect(
      readAnthropicChatOptions({
        thinking: { type: "enabled", budget_tokens: 1024 },
        topK: 3,
        disableParallelToolUse: true,
        serviceTier: "auto",
        unknown: 1,
      }),
    ).toEqual({
      thinking: { type: "enabled", budget_tokens: 1024 },
      top_k: 3,
      disable_parallel_tool_use: true,
      service_tier: "auto",
    });
    expect(readAnthropicChatOptions(undefined)).toEqual({});
  });

  it.each([
    [{ thinking: { type: "enabled" } }, /providerOptions\.anthropic\.thinking/],
    [{ thinking: { type: "enabled", budget_tokens: 1024, extra: 1 } }, /thinking/],
    [{ top_k: -1 }, /top_k/],
    [{ effort: "extreme" }, /effort/],
  ])("rejects %o with a 400 naming the field", (raw, message) => {
    let error: unknown;
    try {
      readAnthropicChatOptions(raw);
    } catch (err) {
      error = err;
    }
    expect(error).toMatchObject({
      status: 400,
      code: "invalid_provider_options",
      provider: "anthropic",
    });
    expect((error as Error).message).toMatch(message);
  });
});
