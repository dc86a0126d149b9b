import type { ChatRequest } from "@oss-ai-agent-tool/core";
import { describe, expect, it } from "vitest";
import {
  readBedrockChatOptions,
  readBedrockEmbedOptions,
  toBedrockConverseRequest,
  toBedrockOutputConfig,
  toBedrockToolConfig,
  toConverseRequest,
} from "../src/index.js";

const tool = { name: "lookup", description: "Look it up", parameters: { type: "object" } };

describe("toBedrockToolConfig", () => {
  const spec = {
    toolSpec: {
      name: "lookup",
      description: "Look it up",
      inputSchema: { json: { type: "object" } },
    },
  };

  it("maps auto, required and a named tool", () => {
    expect(toBedrockToolConfig([tool], "auto", false)).toEqual({
      tools: [spec],
      toolChoice: { auto: {} },
    });
    expect(toBedrockToolConfig([tool], "required", false)?.toolChoice).toEqual({ any: {} });
    expect(
      toBedrockToolConfig([tool], { type: "tool", name: "lookup" }, false)?.toolChoice,
    ).toEqual({ tool: { name: "lookup" } });
    expect(toBedrockToolConfig([tool], undefined, false)).toEqual({ tools: [spec] });
  });

  it("passes strict and leaves out an empty description", () => {
    expect(
      toBedrockToolConfig([{ name: "t", parameters: {}, strict: true }], undefined, false),
    ).toEqual({ tools: [{ toolSpec: { name: "t", inputSchema: { json: {} }, strict: true } }] });
  });

  it("leaves the tools out for none, unless the conversation holds tool blocks", () => {
    expect(toBedrockToolConfig([tool], "none", false)).toBeUndefined();
    expect(toBedrockToolConfig([tool], "none", true)).toEqual({ tools: [spec] });
    expect(toBedrockToolConfig([], "auto", true)).toBeUndefined();
    expect(toBedrockToolConfig(undefined, "required", false)).toBeUndefined();
  });

  it("refuses a named tool that is not among the tools", () => {
    expect(() => toBedrockToolConfig([tool], { type: "tool", name: "other" }, false)).toThrow(
      /"other", which is not among the tools/,
    );
  });
});

describe("toBedrockOutputConfig", () => {
  it("maps json_schema to structured output and text to nothing", () => {
    expect(toBedrockOutputConfig(undefined)).toBeUndefined();
    expect(toBedrockOutputConfig({ type: "text" })).toBeUndefined();
    expect(
      toBedrockOutputConfig({
        type: "json_schema",
        name: "out",
        description: "The answer",
        schema: { type: "object", properties: { a: { type: "number" } } },
      }),
    ).toEqual({
      textFormat: {
        type: "json_schema",
        structure: {
          jsonSchema: {
            schema: '{"type":"object","properties":{"a":{"type":"number"}}}',
            name: "out",
            description: "The answer",
          },
        },
      },
    });
  });

  it("refuses json_object with a 400", () => {
    expect(() => toBedrockOutputConfig({ type: "json_object" })).toThrow(
      expect.objectContaining({ status: 400, code: "unsupported_response_format" }),
    );
  });
});

describe("readBedrockChatOptions", () => {
  it("reads known keys in camelCase or snake_case and ignores the rest", () => {
    expect(
      readBedrockChatOptions({
        additional_model_request_fields: { thinking: { type: "enabled", budget_tokens: 1024 } },
        guardrailConfig: { guardrailIdentifier: "gr-1", guardrailVersion: "1", trace: "enabled" },
        service_tier: { type: "flex" },
        requestMetadata: { team: "search" },
        additionalModelResponseFieldPaths: ["/stop_sequence"],
        toolResults: "text",
        unknown: 1,
        temperature: undefined,
      }),
    ).toEqual({
      additionalModelRequestFields: { thinking: { type: "enabled", budget_tokens: 1024 } },
      guardrailConfig: { guardrailIdentifier: "gr-1", guardrailVersion: "1", trace: "enabled" },
      serviceTier: { type: "flex" },
      requestMetadata: { team: "search" },
      additionalModelResponseFieldPaths: ["/stop_sequence"],
      toolResults: "text",
    });
    expect(readBedrockChatOptions(undefined)).toEqual({});
  });

  it.each([
    [
      { performanceConfig: { latency: "fast" } },
      "providerOptions.bedrock.performanceConfig.latency",
    ],
    [{ additionalModelRequestFields: "x" }, "providerOptions.bedrock.additionalModelRequestFields"],
    [{ requestMetadata: { a: 1 } }, "providerOptions.bedrock.requestMetadata.a"],
  ])("refuses %j with a 400 naming the field", (raw, field) => {
    let caught: unknown;
    try {
      readBedrockChatOptions(raw);
    } catch (err) {
      caught = err;
    }
    expect(caught).toMatchObject({ status: 400, code: "invalid_provider_options" });
    expect((caught as Error).message).toContain(field);
  });

  it("reads Titan's normalize flag", () => {
    expect(readBedrockEmbedOptions({ normalize: false, dimensions: 3 })).toEqual({
      normalize: false,
    });
    expect(() => readBedrockEmbedOptions({ normalize: "no" })).toThrow(/normalize/);
  });
});

describe("toBedrockConverseRequest", () => {
  const base: ChatRequest = { messages: [{ role: "user", content: "Hi" }] };

  it("sends only what the request sets", () => {
    expect(toBedrockConverseRequest(base, "m")).toEqual({
      modelId: "m",
      messages: [{ role: "user", content: [{ text: "Hi" }] }],
    });
  });

  it("maps inference parameters; seed and user have no Converse field", () => {
    const req = toBedrockConverseRequest(
      { ...base, maxTokens: 10, temperature: 0, topP: 1, stop: ["a", "b"], seed: 1, user: "u" },
      "m",
    );
    expect(req.inferenceConfig).toEqual({
      maxTokens: 10,
      temperature: 0,
      topP: 1,
      stopSequences: ["a", "b"],
    });
    expect(req).not.toHaveProperty("seed");
    expect(JSON.stringify(req)).not.toContain('"u"');
    expect(toBedrockConverseRequest({ ...base, stop: [] }, "m")).not.toHaveProperty(
      "inferenceConfig",
    );
  });

  it("keeps tools for toolChoice none when the history holds tool calls", () => {
    const req = toBedrockConverseRequest(
      {
        messages: [
          { role: "user", content: "Hi" },
          { role: "assistant", toolCalls: [{ id: "1", name: "lookup", arguments: "{}" }] },
          { role: "tool", toolCallId: "1", content: "done" },
        ],
        tools: [tool],
        toolChoice: "none",
      },
      "m",
    );
    expect(req.toolConfig?.tools).toHaveLength(1);
    expect(req.toolConfig?.toolChoice).toBeUndefined();
  });

  it("lets provider options fill in, but never the mapped fields", () => {
    const req = toBedrockConverseRequest({ ...base, maxTokens: 5 }, "m", {
      additionalModelRequestFields: { top_k: 3 },
      guardrailConfig: {
        guardrailIdentifier: "gr",
        guardrailVersion: "DRAFT",
        streamProcessingMode: "async",
      },
      modelId: "other",
      messages: [],
      toolResults: "text",
    });
    expect(req).toMatchObject({
      modelId: "m",
      messages: [{ role: "user", content: [{ text: "Hi" }] }],
      inferenceConfig: { maxTokens: 5 },
      additionalModelRequestFields: { top_k: 3 },
      guardrailConfig: { guardrailIdentifier: "gr", streamProcessingMode: "async" },
    });
    expect(req).not.toHaveProperty("toolResults");
    // Converse takes no stream processing mode.
    expect(toConverseRequest(req).guardrailConfig).toEqual({
      guardrailIdentifier: "gr",
      guardrailVersion: "DRAFT",
    });
    expect(toConverseRequest(base as never)).toBe(base);
  });
});
