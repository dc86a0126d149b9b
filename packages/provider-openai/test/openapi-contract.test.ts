/**
 * Contract check: every JSON body the provider sends, as the mock upstream
 * recorded it, must validate against OpenAI's own OpenAPI spec
 * (`CreateChatCompletionRequest`, `CreateEmbeddingRequest`) from
 * ../shared/specs. Skips without the folder.
 */
import type { ChatRequest, EmbedRequest } from "@oss-ai-agent-tool/core";
import { collectEvents, type Harness, json, sse } from "@oss-ai-agent-tool/testkit";
import type { ValidateFunction } from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOpenAI } from "./support/harness.js";
import {
  compileRequestValidators,
  openAPISpecLocation,
  toJsonSchema,
} from "./support/openapi-validator.js";
import { chunk, completion, fullUsage, usageChunk } from "./support/wire.js";

const { path: specPath, skipReason } = openAPISpecLocation();
const title = skipReason
  ? `request bodies validate against OpenAI's OpenAPI spec (skipped: ${skipReason})`
  : "request bodies validate against OpenAI's OpenAPI spec";

const weather = {
  name: "get_weather",
  description: "Current weather",
  parameters: {
    type: "object",
    properties: { city: { type: "string" } },
    required: ["city"],
    additionalProperties: false,
  },
  strict: true,
};

const chats: Array<[string, ChatRequest]> = [
  ["a plain turn", { model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }] }],
  [
    "every mapped field, images and a json_schema response format",
    {
      model: "gpt-4o",
      messages: [
        { role: "system", content: [{ type: "text", text: "Be terse." }] },
        {
          role: "user",
          name: "ada",
          content: [
            { type: "text", text: "Describe both." },
            { type: "image", url: "https://example.com/a.png", detail: "high" },
            { type: "image", data: "iVBORw0KGgo=", mediaType: "image/png", detail: "auto" },
          ],
        },
      ],
      tools: [weather],
      toolChoice: { type: "tool", name: "get_weather" },
      responseFormat: {
        type: "json_schema",
        name: "answer",
        description: "The answer",
        schema: { type: "object", properties: { a: { type: "string" } }, required: ["a"] },
        strict: true,
      },
      temperature: 0.2,
      topP: 0.9,
      maxTokens: 128,
      stop: ["\n\n", "END"],
      seed: 42,
      user: "end-user-7",
    },
  ],
  [
    "a tool loop with json_object",
    {
      model: "gpt-4o-mini",
      tools: [weather],
      toolChoice: "auto",
      responseFormat: { type: "json_object" },
      messages: [
        { role: "user", content: "Weather in Oslo, as JSON?" },
        {
          role: "assistant",
          content: null,
          toolCalls: [{ id: "call_1", name: "get_weather", arguments: '{"city":"Oslo"}' }],
        },
        { role: "tool", toolCallId: "call_1", name: "get_weather", content: '{"temp":3}' },
      ],
      stop: "END",
    },
  ],
  [
    "a reasoning model with reasoning_effort",
    {
      model: "o3-mini",
      messages: [{ role: "user", content: "Prove it." }],
      maxTokens: 2000,
      providerOptions: { openai: { reasoning_effort: "high" } },
    },
  ],
  [
    "GPT-5.1 without reasoning, sampling settings kept",
    {
      model: "gpt-5.1",
      messages: [{ role: "user", content: "Hi" }],
      temperature: 0.4,
      maxTokens: 50,
      toolChoice: "none",
      responseFormat: { type: "text" },
      providerOptions: { openai: { reasoning_effort: "none", verbosity: "low" } },
    },
  ],
];

const embeds: Array<[string, EmbedRequest]> = [
  ["one string, base64 by default", { model: "text-embedding-3-small", input: "hello" }],
  [
    "several strings with dimensions, user and floats",
    {
      model: "text-embedding-3-large",
      input: ["a", "b"],
      dimensions: 256,
      user: "end-user-7",
      providerOptions: { openai: { encoding_format: "float" } },
    },
  ],
];

describe.skipIf(!!skipReason)(title, () => {
  let validators: { chat: ValidateFunction; embeddings: ValidateFunction };
  let harness: Harness;

  beforeAll(async () => {
    validators = compileRequestValidators(specPath as string);
    harness = await startOpenAI();
    harness.upstream.on("POST", /\/chat\/completions$/, (request) =>
      (request.json() as { stream?: boolean }).stream
        ? sse(
            [chunk({ content: "ok" }), chunk({}, "stop"), usageChunk(fullUsage)].map((data) => ({
              data,
            })),
            {
              done: true,
            },
          )
        : json(completion({ content: "ok" })),
    );
    harness.upstream.on(
      "POST",
      /\/embeddings$/,
      json({
        object: "list",
        data: [{ object: "embedding", index: 0, embedding: [0.5] }],
        model: "m",
        usage: null,
      }),
    );
  }, 60_000);

  afterAll(async () => {
    await harness?.close();
  });

  const lastBody = () => harness.upstream.requests.at(-1)?.json();
  const expectValid = (validate: ValidateFunction, body: unknown) => {
    const ok = validate(body);
    expect(ok, JSON.stringify(validate.errors, null, 2)).toBe(true);
  };

  it.each(chats)("chat: %s", async (_name, req) => {
    await harness.provider.chat(req);
    expectValid(validators.chat, lastBody());
  });

  it.each(chats)("stream: %s", async (_name, req) => {
    await collectEvents(harness.provider.stream?.(req));
    const body = lastBody() as Record<string, unknown>;
    expect(body.stream_options).toEqual({ include_usage: true });
    expectValid(validators.chat, body);
  });

  it.each(embeds)("embeddings: %s", async (_name, req) => {
    await harness.provider.embed?.(req);
    expectValid(validators.embeddings, lastBody());
  });

  it("would catch a body that breaks the spec", () => {
    expect(validators.chat({ model: "gpt-4o", messages: [] })).toBe(false);
    expect(
      validators.chat({
        model: "gpt-4o",
        messages: [{ role: "user", content: "x" }],
        response_format: { type: "json_schema", json_schema: { schema: {} } },
      }),
    ).toBe(false);
    expect(
      validators.chat({
        model: "gpt-4o",
        messages: [
          {
            role: "user",
            content: [{ type: "image_url", image_url: { url: "https://x", detail: "max" } }],
          },
        ],
      }),
    ).toBe(false);
    expect(validators.embeddings({ model: "m", input: "x", encoding_format: "hex" })).toBe(false);
  });
});

describe("toJsonSchema (the spec conversion)", () => {
  it("turns nullable into anyOf with null, keeping property names that look like keywords", () => {
    expect(
      toJsonSchema({
        type: "object",
        "x-oaiMeta": { name: "x" },
        discriminator: { propertyName: "type" },
        properties: {
          nullable: { type: "boolean" },
          example: { type: "integer", nullable: true, example: 3 },
        },
      }),
    ).toEqual({
      type: "object",
      properties: {
        nullable: { type: "boolean" },
        example: { anyOf: [{ type: "integer" }, { type: "null" }] },
      },
    });
    expect(toJsonSchema({ oneOf: [{ $ref: "#/a" }], nullable: true })).toEqual({
      anyOf: [{ oneOf: [{ $ref: "#/a" }] }, { type: "null" }],
    });
  });
});
