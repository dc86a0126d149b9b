import { describe, expect, it } from "vitest";
import {
  type ChatInputLimits,
  DEFAULT_CHAT_INPUT_LIMITS,
  fromOpenAIChatRequest,
  type OpenAIRequestError,
  type ParsedChatCompletionRequest,
} from "../../src/openai-api/index.js";

const LIMITS: ChatInputLimits = DEFAULT_CHAT_INPUT_LIMITS;
const hello = [{ role: "user", content: "hello" }];

function parse(body: unknown, limits: ChatInputLimits = LIMITS): ParsedChatCompletionRequest {
  const result = fromOpenAIChatRequest(body, limits);
  if (!result.ok) throw new Error(`expected success, got ${result.error.message}`);
  return result.value;
}

function reject(body: unknown, limits: ChatInputLimits = LIMITS): OpenAIRequestError {
  const result = fromOpenAIChatRequest(body, limits);
  if (result.ok) throw new Error("expected a validation failure");
  return result.error;
}

describe("fromOpenAIChatRequest: accepted bodies", () => {
  it("maps a minimal request and leaves the model to the router", () => {
    const parsed = parse({ model: "openai/gpt-4o", messages: hello });
    expect(parsed).toEqual({
      model: "openai/gpt-4o",
      request: { messages: [{ role: "user", content: "hello" }] },
      stream: false,
      includeUsage: false,
      passthrough: {},
    });
    expect(parsed.request).not.toHaveProperty("model");
  });

  it("maps every role, developer as system, and keeps user names", () => {
    const parsed = parse({
      model: "m",
      messages: [
        { role: "system", content: "be brief" },
        { role: "developer", content: [{ type: "text", text: "use tools" }] },
        { role: "user", content: "hi", name: "ada" },
        { role: "assistant", content: "hello" },
        { role: "user", content: "again" },
      ],
    });
    expect(parsed.request.messages).toEqual([
      { role: "system", content: "be brief" },
      { role: "system", content: [{ type: "text", text: "use tools" }] },
      { role: "user", content: "hi", name: "ada" },
      { role: "assistant", content: "hello" },
      { role: "user", content: "again" },
    ]);
  });

  it("turns data URL images into inline data and keeps http URLs and detail", () => {
    const parsed = parse({
      model: "m",
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "what is this?" },
            { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } },
            {
              type: "image_url",
              image_url: { url: "DATA:Image/JPEG;name=x.jpg;base64,/9j/4AAQ", detail: "low" },
            },
            {
              type: "image_url",
              image_url: { url: "https://example.com/cat.png", detail: "high" },
            },
          ],
        },
      ],
    });
    expect(parsed.request.messages[0]).toEqual({
      role: "user",
      content: [
        { type: "text", text: "what is this?" },
        { type: "image", data: "iVBORw0KGgo=", mediaType: "image/png" },
        { type: "image", data: "/9j/4AAQ", mediaType: "image/jpeg", detail: "low" },
        { type: "image", url: "https://example.com/cat.png", detail: "high" },
      ],
    });
  });

  it("round-trips tools: definitions, choice, assistant calls and tool results named from their call", () => {
    const parsed = parse({
      model: "m",
      tools: [
        {
          type: "function",
          function: {
            name: "get_weather",
            description: "Weather for a city",
            parameters: { type: "object", properties: { city: { type: "string" } } },
            strict: true,
          },
        },
        { type: "function", function: { name: "now" } },
      ],
      tool_choice: { type: "function", function: { name: "get_weather" } },
      messages: [
        { role: "user", content: "weather in Paris?" },
        {
          role: "assistant",
          content: null,
          refusal: null,
          annotations: [],
          tool_calls: [
            {
              id: "call_1",
              type: "function",
              function: { name: "get_weather", arguments: '{"city":"Paris"}' },
            },
            { id: "call_2", type: "function", function: { name: "now", arguments: "" } },
          ],
        },
        { role: "tool", tool_call_id: "call_1", content: '{"temp":21}' },
        { role: "tool", tool_call_id: "call_2", content: [{ type: "text", text: "12:00" }] },
        { role: "tool", tool_call_id: "call_unknown", content: "?" },
      ],
    });
    expect(parsed.request.tools).toEqual([
      {
        name: "get_weather",
        description: "Weather for a city",
        parameters: { type: "object", properties: { city: { type: "string" } } },
        strict: true,
      },
      { name: "now", parameters: { type: "object", properties: {} } },
    ]);
    expect(parsed.request.toolChoice).toEqual({ type: "tool", name: "get_weather" });
    expect(parsed.request.messages.slice(1)).toEqual([
      {
        role: "assistant",
        content: null,
        toolCalls: [
          { id: "call_1", name: "get_weather", arguments: '{"city":"Paris"}' },
          { id: "call_2", name: "now", arguments: "{}" },
        ],
      },
      { role: "tool", toolCallId: "call_1", content: '{"temp":21}', name: "get_weather" },
      {
        role: "tool",
        toolCallId: "call_2",
        content: [{ type: "text", text: "12:00" }],
        name: "now",
      },
      { role: "tool", toolCallId: "call_unknown", content: "?" },
    ]);
  });

  it("accepts an echoed reply message: refusal text, reasoning_content, content parts", () => {
    const parsed = parse({
      model: "m",
      messages: [
        { role: "user", content: "x" },
        { role: "assistant", content: null, refusal: "I can't help with that." },
        { role: "user", content: "y" },
        {
          role: "assistant",
          content: [
            { type: "text", text: "a" },
            { type: "refusal", refusal: "b" },
          ],
          reasoning_content: "thinking",
          audio: null,
          function_call: null,
        },
      ],
    });
    expect(parsed.request.messages[1]).toEqual({
      role: "assistant",
      content: "I can't help with that.",
    });
    expect(parsed.request.messages[3]).toEqual({
      role: "assistant",
      content: [
        { type: "text", text: "a" },
        { type: "text", text: "b" },
      ],
      reasoning: "thinking",
    });
  });

  it("lets max_completion_tokens win over max_tokens", () => {
    expect(parse({ model: "m", messages: hello, max_tokens: 10 }).request.maxTokens).toBe(10);
    expect(
      parse({ model: "m", messages: hello, max_completion_tokens: 20 }).request.maxTokens,
    ).toBe(20);
    expect(
      parse({ model: "m", messages: hello, max_tokens: 10, max_completion_tokens: 20 }).request
        .maxTokens,
    ).toBe(20);
    expect(
      parse({ model: "m", messages: hello, max_tokens: 10, max_completion_tokens: null }).request
        .maxTokens,
    ).toBe(10);
  });

  it("maps sampling, format and identity parameters", () => {
    const parsed = parse({
      model: "m",
      messages: hello,
      temperature: 0.2,
      top_p: 1,
      stop: ["\n", "END"],
      seed: 42,
      user: "user-7",
      n: 1,
      response_format: {
        type: "json_schema",
        json_schema: { name: "answer", schema: { type: "object" }, strict: true, description: "d" },
      },
    });
    expect(parsed.request).toEqual({
      messages: [{ role: "user", content: "hello" }],
      temperature: 0.2,
      topP: 1,
      stop: ["\n", "END"],
      seed: 42,
      user: "user-7",
      responseFormat: {
        type: "json_schema",
        name: "answer",
        schema: { type: "object" },
        strict: true,
        description: "d",
      },
    });
    expect(
      parse({
        model: "m",
        messages: hello,
        response_format: { type: "json_schema", json_schema: { name: "x" } },
      }).request.responseFormat,
    ).toEqual({ type: "json_schema", name: "x", schema: { type: "object" } });
    expect(
      parse({ model: "m", messages: hello, response_format: { type: "json_object" } }).request
        .responseFormat,
    ).toEqual({ type: "json_object" });
  });

  it("treats null as not set, as the OpenAI API does", () => {
    const parsed = parse({
      model: "m",
      messages: hello,
      temperature: null,
      top_p: null,
      tools: null,
      tool_choice: null,
      stop: null,
      seed: null,
      n: null,
      stream: null,
      stream_options: null,
      frequency_penalty: null,
      functions: null,
    });
    expect(parsed.request).toEqual({ messages: [{ role: "user", content: "hello" }] });
    expect(parsed.passthrough).toEqual({});
  });

  it("collects provider-specific OpenAI parameters into passthrough, raw", () => {
    const parsed = parse({
      model: "m",
      messages: hello,
      frequency_penalty: 0.5,
      presence_penalty: -0.5,
      logit_bias: { "50256": -100 },
      logprobs: true,
      top_logprobs: 3,
      parallel_tool_calls: false,
      reasoning_effort: "high",
      service_tier: "flex",
      metadata: { run: "1" },
      store: false,
      verbosity: "low",
      prediction: { type: "content", content: "x" },
      modalities: ["text"],
      prompt_cache_key: "k",
      safety_identifier: "s",
    });
    expect(parsed.passthrough).toEqual({
      frequency_penalty: 0.5,
      presence_penalty: -0.5,
      logit_bias: { "50256": -100 },
      logprobs: true,
      top_logprobs: 3,
      parallel_tool_calls: false,
      reasoning_effort: "high",
      service_tier: "flex",
      metadata: { run: "1" },
      store: false,
      verbosity: "low",
      prediction: { type: "content", content: "x" },
      modalities: ["text"],
      prompt_cache_key: "k",
      safety_identifier: "s",
    });
    expect(parsed.request.providerOptions).toBeUndefined();
  });

  it("maps the provider_options extension to providerOptions", () => {
    const parsed = parse({
      model: "m",
      messages: hello,
      provider_options: { anthropic: { thinking: { type: "enabled", budget_tokens: 1024 } } },
    });
    expect(parsed.request.providerOptions).toEqual({
      anthropic: { thinking: { type: "enabled", budget_tokens: 1024 } },
    });
  });

  it("reads stream and include_usage; include_usage is false when not asked for", () => {
    const streamed = parse({
      model: "m",
      messages: hello,
      stream: true,
      stream_options: { include_usage: true, include_obfuscation: false },
    });
    expect([streamed.stream, streamed.includeUsage]).toEqual([true, true]);
    const plain = parse({ model: "m", messages: hello, stream: true });
    expect([plain.stream, plain.includeUsage]).toEqual([true, false]);
  });

  it("drops tool_choice auto/none without tools and an empty stop or tools list", () => {
    const parsed = parse({ model: "m", messages: hello, tool_choice: "none", tools: [], stop: [] });
    expect(parsed.request).toEqual({ messages: [{ role: "user", content: "hello" }] });
    expect(parse({ model: "m", messages: hello, stop: "x" }).request.stop).toBe("x");
  });
});

describe("fromOpenAIChatRequest: rejected bodies name the field", () => {
  const tool = { type: "function", function: { name: "f" } };
  const cases: Array<[string, unknown, string, string | null]> = [
    ["a non-object body", "hi", "body: expected an object, got a string", null],
    ["a missing model", { messages: hello }, "model: is required", "model"],
    ["an empty model", { model: "", messages: hello }, "model: must not be empty", "model"],
    ["missing messages", { model: "m" }, "messages: is required", "messages"],
    ["empty messages", { model: "m", messages: [] }, "messages: must not be empty", "messages"],
    [
      "an unknown role",
      { model: "m", messages: [{ role: "bot", content: "x" }] },
      'messages[0].role: expected one of "system", "developer", "user", "assistant", "tool"',
      "messages[0].role",
    ],
    [
      "a missing role",
      { model: "m", messages: [{ content: "x" }] },
      'messages[0].role: expected one of "system", "developer", "user", "assistant", "tool"',
      "messages[0].role",
    ],
    [
      "the legacy function role",
      { model: "m", messages: [{ role: "function", name: "f", content: "x" }] },
      'messages[0].role: the legacy "function" role is not supported; send role "tool" with tool_call_id',
      "messages[0].role",
    ],
    [
      "content of the wrong type",
      { model: "m", messages: [{ role: "user", content: 5 }] },
      "messages[0].content: expected a string or an array of content parts",
      "messages[0].content",
    ],
    [
      "a missing user content",
      { model: "m", messages: [{ role: "user" }] },
      "messages[0].content: expected a string or an array of content parts",
      "messages[0].content",
    ],
    [
      "a bad text part",
      { model: "m", messages: [{ role: "user", content: [{ type: "text", text: 1 }] }] },
      "messages[0].content[0].text: expected a string, got an integer",
      "messages[0].content[0].text",
    ],
    [
      "an unsupported part type",
      { model: "m", messages: [{ role: "user", content: [{ type: "input_audio" }] }] },
      'messages[0].content[0].type: expected one of "text", "image_url"',
      "messages[0].content[0].type",
    ],
    [
      "an image in a system message",
      {
        model: "m",
        messages: [
          { role: "system", content: [{ type: "image_url", image_url: { url: "https://x/y" } }] },
        ],
      },
      'messages[0].content[0].type: expected "text"',
      "messages[0].content[0].type",
    ],
    [
      "an image URL that is neither http nor data",
      {
        model: "m",
        messages: [
          { role: "user", content: [{ type: "image_url", image_url: { url: "ftp://x" } }] },
        ],
      },
      "messages[0].content[0].image_url.url: must be an http(s) URL or a base64 data: URL",
      "messages[0].content[0].image_url.url",
    ],
    [
      "a data URL that is not base64",
      {
        model: "m",
        messages: [
          {
            role: "user",
            content: [{ type: "image_url", image_url: { url: "data:image/svg+xml,<svg/>" } }],
          },
        ],
      },
      "messages[0].content[0].image_url.url: data: URL must be base64-encoded (data:<media type>;base64,...)",
      "messages[0].content[0].image_url.url",
    ],
    [
      "a bad image detail",
      {
        model: "m",
        messages: [
          {
            role: "user",
            content: [{ type: "image_url", image_url: { url: "https://x/y", detail: "max" } }],
          },
        ],
      },
      'messages[0].content[0].image_url.detail: expected one of "auto", "low", "high"',
      "messages[0].content[0].image_url.detail",
    ],
    [
      "an assistant message with neither content nor tool calls",
      { model: "m", messages: [{ role: "assistant", content: null }] },
      "messages[0].content: is required unless tool_calls is set",
      "messages[0].content",
    ],
    [
      "malformed tool-call arguments",
      {
        model: "m",
        messages: [
          {
            role: "assistant",
            tool_calls: [
              { id: "c", type: "function", function: { name: "f", arguments: "{oops" } },
            ],
          },
        ],
      },
      'messages[0].tool_calls[0].function.arguments: must be a JSON object serialized as a string, e.g. "{}"',
      "messages[0].tool_calls[0].function.arguments",
    ],
    [
      "tool-call arguments that are JSON but not an object",
      {
        model: "m",
        messages: [
          {
            role: "assistant",
            tool_calls: [{ id: "c", type: "function", function: { name: "f", arguments: "[1]" } }],
          },
        ],
      },
      'messages[0].tool_calls[0].function.arguments: must be a JSON object serialized as a string, e.g. "{}"',
      "messages[0].tool_calls[0].function.arguments",
    ],
    [
      "a custom tool call",
      {
        model: "m",
        messages: [{ role: "assistant", tool_calls: [{ id: "c", type: "custom", custom: {} }] }],
      },
      'messages[0].tool_calls[0].type: expected "function"',
      "messages[0].tool_calls[0].type",
    ],
    [
      "a tool message without tool_call_id",
      { model: "m", messages: [{ role: "tool", content: "x" }] },
      "messages[0].tool_call_id: is required",
      "messages[0].tool_call_id",
    ],
    [
      "assistant function_call",
      { model: "m", messages: [{ role: "assistant", content: "x", function_call: { name: "f" } }] },
      "messages[0].function_call: legacy function_call is not supported; send tool_calls instead",
      "messages[0].function_call",
    ],
    [
      "an unknown top-level key",
      { model: "m", messages: hello, temprature: 1 },
      "temprature: unrecognized request argument",
      "temprature",
    ],
    [
      "several unknown keys",
      { model: "m", messages: hello, foo: 1, bar: 2 },
      "foo: unrecognized request argument (also: bar)",
      "foo",
    ],
    [
      "legacy functions",
      { model: "m", messages: hello, functions: [{ name: "f" }] },
      "functions: the legacy parameter is not supported; use tools",
      "functions",
    ],
    [
      "legacy function_call",
      { model: "m", messages: hello, function_call: "auto" },
      "function_call: the legacy parameter is not supported; use tool_choice",
      "function_call",
    ],
    ["n above 1", { model: "m", messages: hello, n: 2 }, "n: only n=1 is supported", "n"],
    [
      "temperature above 2",
      { model: "m", messages: hello, temperature: 2.5 },
      "temperature: must be <= 2",
      "temperature",
    ],
    [
      "negative temperature",
      { model: "m", messages: hello, temperature: -1 },
      "temperature: must be >= 0",
      "temperature",
    ],
    ["top_p above 1", { model: "m", messages: hello, top_p: 1.5 }, "top_p: must be <= 1", "top_p"],
    [
      "zero max_tokens",
      { model: "m", messages: hello, max_tokens: 0 },
      "max_tokens: must be > 0",
      "max_tokens",
    ],
    [
      "fractional max_completion_tokens",
      { model: "m", messages: hello, max_completion_tokens: 1.5 },
      "max_completion_tokens: expected an integer, got a number",
      "max_completion_tokens",
    ],
    [
      "five stop sequences",
      { model: "m", messages: hello, stop: ["a", "b", "c", "d", "e"] },
      "stop: expected a string or an array of up to 4 strings",
      "stop",
    ],
    [
      "a fractional seed",
      { model: "m", messages: hello, seed: 1.5 },
      "seed: expected an integer, got a number",
      "seed",
    ],
    [
      "a string stream",
      { model: "m", messages: hello, stream: "yes" },
      "stream: expected a boolean, got a string",
      "stream",
    ],
    [
      "stream_options without stream",
      { model: "m", messages: hello, stream_options: { include_usage: true } },
      "stream_options: is only allowed when stream is true",
      "stream_options",
    ],
    [
      "a bad tool_choice",
      { model: "m", messages: hello, tools: [tool], tool_choice: "any" },
      'tool_choice: expected "auto", "none", "required" or {"type": "function", "function": {"name": ...}}',
      "tool_choice",
    ],
    [
      "tool_choice naming a missing tool",
      {
        model: "m",
        messages: hello,
        tools: [tool],
        tool_choice: { type: "function", function: { name: "g" } },
      },
      'tool_choice.function.name: no tool named "g" in tools',
      "tool_choice.function.name",
    ],
    [
      "tool_choice required without tools",
      { model: "m", messages: hello, tool_choice: "required" },
      "tool_choice: requires tools",
      "tool_choice",
    ],
    [
      "a tool without a name",
      { model: "m", messages: hello, tools: [{ type: "function", function: {} }] },
      "tools[0].function.name: is required",
      "tools[0].function.name",
    ],
    [
      "tool parameters that are not an object",
      {
        model: "m",
        messages: hello,
        tools: [{ type: "function", function: { name: "f", parameters: [] } }],
      },
      "tools[0].function.parameters: expected an object, got an array",
      "tools[0].function.parameters",
    ],
    [
      "an unknown response_format type",
      { model: "m", messages: hello, response_format: { type: "yaml" } },
      'response_format.type: expected one of "text", "json_object", "json_schema"',
      "response_format.type",
    ],
    [
      "a json_schema without a name",
      { model: "m", messages: hello, response_format: { type: "json_schema", json_schema: {} } },
      "response_format.json_schema.name: is required",
      "response_format.json_schema.name",
    ],
    [
      "provider_options that are not objects",
      { model: "m", messages: hello, provider_options: { openai: 1 } },
      "provider_options.openai: expected an object, got an integer",
      "provider_options.openai",
    ],
  ];

  it.each(cases)("rejects %s", (_name, body, message, param) => {
    const error = reject(body);
    expect(error.message).toBe(message);
    expect(error.param).toBe(param);
    expect(error.status).toBe(400);
  });

  it("gives OpenAI-style codes", () => {
    expect(reject({ messages: hello }).code).toBe("missing_required_parameter");
    expect(reject({ model: "m", messages: hello, foo: 1 }).code).toBe("unknown_parameter");
    expect(reject({ model: 1, messages: hello }).code).toBe("invalid_type");
    expect(reject({ model: "m", messages: hello, n: 3 }).code).toBe("invalid_value");
  });
});

describe("fromOpenAIChatRequest: input limits", () => {
  const limits: ChatInputLimits = { maxMessages: 3, maxContentChars: 20 };

  it("refuses more messages than allowed, before validating them", () => {
    const messages = Array.from({ length: 4 }, () => ({ role: "bogus" }));
    expect(reject({ model: "m", messages }, limits)).toEqual({
      status: 400,
      message: "messages: 4 messages exceed the limit of 3",
      param: "messages",
      code: "too_many_messages",
    });
    expect(
      parse({ model: "m", messages: [...hello, ...hello, ...hello] }, limits).request.messages,
    ).toHaveLength(3);
  });

  it("counts text, tool arguments, reasoning and image data against maxContentChars", () => {
    const at = (content: unknown) =>
      fromOpenAIChatRequest({ model: "m", messages: [{ role: "user", content }] }, limits);
    expect(at("x".repeat(20)).ok).toBe(true);
    expect(
      reject({ model: "m", messages: [{ role: "user", content: "x".repeat(21) }] }, limits),
    ).toEqual({
      status: 400,
      message: "messages: 21 characters of content exceed the limit of 20",
      param: "messages",
      code: "content_too_large",
    });
    const image = {
      type: "image_url",
      image_url: { url: `data:image/png;base64,${"A".repeat(21)}` },
    };
    expect(
      reject({ model: "m", messages: [{ role: "user", content: [image] }] }, limits).param,
    ).toBe("messages");
    const withCall = {
      model: "m",
      messages: [
        { role: "user", content: "0123456789" },
        {
          role: "assistant",
          content: null,
          reasoning_content: "abc",
          tool_calls: [
            { id: "c", type: "function", function: { name: "f", arguments: '{"a":"12345"}' } },
          ],
        },
      ],
    };
    expect(reject(withCall, limits).code).toBe("content_too_large");
  });
});
