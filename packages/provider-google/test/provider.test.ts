import {
  collectEvents,
  geminiWire,
  type Harness,
  json,
  reasoningOf,
  rejectionOf,
  requestBody,
  sse,
  textOf,
} from "@oss-ai-agent-tool/testkit";
import { afterEach, describe, expect, it, vi } from "vitest";
import { decodeGeminiToolCallId } from "../src/index.js";
import { startGoogle, TEST_KEY } from "./helpers.js";

const wire = geminiWire();
const chat = wire.routes.chat;
const stream = wire.routes.stream ?? chat;
const embed = wire.routes.embed ?? chat;
const probe = wire.routes.probe ?? chat;
const CRLF = { lineEnding: "\r\n" as const };

const weatherTool = {
  name: "weather",
  description: "Gets current weather for a location",
  parameters: {
    type: "object",
    properties: { latitude: { type: "string" }, longitude: { type: "string" } },
    required: ["latitude", "longitude"],
    additionalProperties: false,
    $schema: "http://json-schema.org/draft-07/schema#",
  },
};

const SIGNATURE = "CiQBEU0yD1hCYiUoRFyerO7xltRNYWnI+sSFA1cwzfrO0/SJUz0KfAERTTIP==";

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function start(
  settings: Record<string, unknown> = {},
  options: { egressAllow?: string[] } = {},
): Promise<Harness> {
  harness = await startGoogle((url) => ({ baseURL: url, ...settings }), options);
  return harness;
}

const textReply = (text: string, extra: object = {}) =>
  json({
    candidates: [{ content: { role: "model", parts: [{ text }] }, finishReason: "STOP", index: 0 }],
    usageMetadata: { promptTokenCount: 5, candidatesTokenCount: 3, totalTokenCount: 8 },
    modelVersion: "gemini-2.5-flash",
    responseId: "resp-text",
    ...extra,
  });

describe("requests on the wire", () => {
  it("sends contents, systemInstruction, generationConfig, tools and toolConfig as the Gemini API names them", async () => {
    const h = await start({
      safetySettings: [{ category: "HARM_CATEGORY_HARASSMENT", threshold: "BLOCK_ONLY_HIGH" }],
    });
    h.upstream.on(chat.method, chat.path, textReply("ok"));
    await h.provider.chat({
      model: "gemini-2.5-flash",
      messages: [
        { role: "system", content: "Be terse." },
        {
          role: "user",
          content: [
            { type: "text", text: "What is this?" },
            { type: "image", url: "https://example.com/cat.png" },
          ],
        },
      ],
      temperature: 0.3,
      topP: 0.8,
      maxTokens: 100,
      stop: ["END"],
      seed: 42,
      tools: [weatherTool],
      toolChoice: "required",
      responseFormat: { type: "json_object" },
      providerOptions: { google: { thinkingConfig: { thinkingBudget: 0 }, topK: 20 } },
    });
    const request = h.upstream.requests[0];
    expect(request?.path).toBe("/v1beta/models/gemini-2.5-flash:generateContent");
    expect(request?.headers["x-goog-api-key"]).toBe(TEST_KEY);
    expect(requestBody(h)).toEqual({
      contents: [
        {
          role: "user",
          parts: [
            { text: "What is this?" },
            { fileData: { fileUri: "https://example.com/cat.png", mimeType: "image/png" } },
          ],
        },
      ],
      systemInstruction: { parts: [{ text: "Be terse." }] },
      generationConfig: {
        temperature: 0.3,
        topP: 0.8,
        topK: 20,
        maxOutputTokens: 100,
        stopSequences: ["END"],
        seed: 42,
        responseMimeType: "application/json",
        thinkingConfig: { thinkingBudget: 0 },
      },
      safetySettings: [{ category: "HARM_CATEGORY_HARASSMENT", threshold: "BLOCK_ONLY_HIGH" }],
      tools: [
        {
          functionDeclarations: [
            {
              name: "weather",
              description: "Gets current weather for a location",
              parameters: {
                type: "OBJECT",
                properties: { latitude: { type: "STRING" }, longitude: { type: "STRING" } },
                required: ["latitude", "longitude"],
              },
            },
          ],
        },
      ],
      toolConfig: { functionCallingConfig: { mode: "ANY" } },
    });
  });

  it("rejects a tool schema Gemini cannot take with a 400 before any request", async () => {
    const h = await start();
    const err = await rejectionOf(
      h.provider.chat({
        messages: [{ role: "user", content: "hi" }],
        tools: [
          { name: "loop", parameters: { type: "object", properties: { me: { $ref: "#" } } } },
        ],
      }),
    );
    expect(err).toMatchObject({ status: 400, code: "invalid_tool_schema" });
    expect(
      await rejectionOf(
        collectEvents(
          h.provider.stream?.({
            messages: [{ role: "user", content: "hi" }],
            tools: [{ name: "loop", parameters: { $ref: "#/$defs/missing" } }],
          }),
        ),
      ),
    ).toMatchObject({ status: 400, code: "invalid_tool_schema" });
    expect(h.upstream.requests).toHaveLength(0);
  });
});

describe("tool calls through the SDK", () => {
  it("keeps the thought signature of a function call and sends it back with the tool result", async () => {
    const h = await start();
    h.upstream.once(
      chat.method,
      chat.path,
      json({
        candidates: [
          {
            content: {
              role: "model",
              parts: [
                {
                  functionCall: {
                    name: "weather",
                    args: { latitude: "52.52", longitude: "13.40" },
                  },
                  thoughtSignature: SIGNATURE,
                },
              ],
            },
            finishReason: "STOP",
          },
        ],
        responseId: "resp-call",
        modelVersion: "gemini-3-pro-preview",
      }),
    );
    h.upstream.on(chat.method, chat.path, textReply("It is 15°C."));
    const messages = [{ role: "user" as const, content: "Weather in Berlin?" }];
    const first = await h.provider.chat({
      model: "gemini-3-pro-preview",
      messages,
      tools: [weatherTool],
    });
    expect(first.finishReason).toBe("tool_calls");
    const call = first.toolCalls?.[0];
    if (!call) throw new Error("no tool call");
    expect(JSON.parse(call.arguments)).toEqual({ latitude: "52.52", longitude: "13.40" });
    const { id: baseId, thoughtSignature } = decodeGeminiToolCallId(call.id);
    expect(thoughtSignature).toBe(SIGNATURE);

    // The client echoes the id back; the tool message carries no name.
    const second = await h.provider.chat({
      model: "gemini-3-pro-preview",
      tools: [weatherTool],
      messages: [
        ...messages,
        { role: "assistant", content: null, toolCalls: [call] },
        { role: "tool", toolCallId: call.id, content: "15°C, wind 10 km/h" },
      ],
    });
    expect(second.output).toBe("It is 15°C.");
    const sent = requestBody(h, 1) as { contents: unknown[] };
    expect(sent.contents.slice(1)).toEqual([
      {
        role: "model",
        parts: [
          {
            functionCall: {
              id: baseId,
              name: "weather",
              args: { latitude: "52.52", longitude: "13.40" },
            },
            thoughtSignature: SIGNATURE,
          },
        ],
      },
      {
        role: "user",
        parts: [
          {
            functionResponse: {
              id: baseId,
              name: "weather",
              response: { output: "15°C, wind 10 km/h" },
            },
          },
        ],
      },
    ]);
  });

  it("streams a function call whole, with its signature in the id, and finishes with tool_calls", async () => {
    const h = await start();
    h.upstream.on(
      stream.method,
      stream.path,
      sse(
        [
          {
            data: {
              candidates: [
                {
                  content: {
                    role: "model",
                    parts: [
                      {
                        functionCall: { name: "weather", args: { latitude: "1", longitude: "2" } },
                        thoughtSignature: SIGNATURE,
                      },
                    ],
                  },
                  index: 0,
                },
              ],
              usageMetadata: {
                promptTokenCount: 29,
                candidatesTokenCount: 15,
                totalTokenCount: 89,
                thoughtsTokenCount: 45,
              },
              responseId: "s-call",
            },
          },
          {
            data: {
              candidates: [
                {
                  content: { role: "model", parts: [{ text: "" }] },
                  finishReason: "STOP",
                  index: 0,
                },
              ],
              usageMetadata: {
                promptTokenCount: 29,
                candidatesTokenCount: 15,
                totalTokenCount: 89,
                thoughtsTokenCount: 45,
              },
              responseId: "s-call",
            },
          },
        ],
        CRLF,
      ),
    );
    const events = await collectEvents(
      h.provider.stream?.({
        messages: [{ role: "user", content: "Weather?" }],
        tools: [weatherTool],
      }),
    );
    expect(events.map((e) => e.type)).toEqual([
      "tool-call-start",
      "tool-call-delta",
      "tool-call-end",
      "usage",
      "finish",
    ]);
    const end = events[2];
    expect(end?.type === "tool-call-end" && decodeGeminiToolCallId(end.id).thoughtSignature).toBe(
      SIGNATURE,
    );
    expect(events[3]).toEqual({
      type: "usage",
      usage: { promptTokens: 29, completionTokens: 60, totalTokens: 89, reasoningTokens: 45 },
    });
    expect(events[4]).toMatchObject({ finishReason: "tool_calls", rawFinishReason: "STOP" });
    expect(h.upstream.requests[0]?.query).toEqual({ alt: "sse" });
  });

  it("retries a malformed function call that produced nothing, then returns the good reply", async () => {
    const h = await start({ retryAttempts: 2 });
    h.upstream.once(
      chat.method,
      chat.path,
      json({
        candidates: [{ content: { role: "model" }, finishReason: "MALFORMED_FUNCTION_CALL" }],
      }),
    );
    h.upstream.on(chat.method, chat.path, textReply("fine"));
    const res = await h.provider.chat({ messages: [{ role: "user", content: "hi" }] });
    expect(res.output).toBe("fine");
    expect(h.upstream.requests).toHaveLength(2);
  });
});

describe("safety", () => {
  it("returns a prompt blocked by safety as content_filter, not as an empty-response error", async () => {
    const h = await start();
    h.upstream.on(
      chat.method,
      chat.path,
      json({
        promptFeedback: {
          blockReason: "SAFETY",
          safetyRatings: [{ category: "HARM_CATEGORY_DANGEROUS_CONTENT", probability: "HIGH" }],
        },
        usageMetadata: { promptTokenCount: 8, totalTokenCount: 8 },
        modelVersion: "gemini-2.5-flash",
        responseId: "blocked-1",
      }),
    );
    const res = await h.provider.chat({ messages: [{ role: "user", content: "something bad" }] });
    expect(res).toMatchObject({
      output: "",
      finishReason: "content_filter",
      rawFinishReason: "SAFETY",
      usage: { promptTokens: 8, totalTokens: 8 },
    });
  });

  it("streams a blocked prompt as usage then a content_filter finish", async () => {
    const h = await start();
    h.upstream.on(
      stream.method,
      stream.path,
      sse(
        [
          {
            data: {
              promptFeedback: { blockReason: "PROHIBITED_CONTENT" },
              usageMetadata: { promptTokenCount: 4, totalTokenCount: 4 },
            },
          },
        ],
        CRLF,
      ),
    );
    const events = await collectEvents(
      h.provider.stream?.({ messages: [{ role: "user", content: "x" }] }),
    );
    expect(events.map((e) => e.type)).toEqual(["usage", "finish"]);
    expect(events.at(-1)).toMatchObject({
      finishReason: "content_filter",
      rawFinishReason: "PROHIBITED_CONTENT",
    });
  });

  it("returns a candidate stopped for safety with partial text as content_filter", async () => {
    const h = await start();
    h.upstream.on(
      chat.method,
      chat.path,
      json({
        candidates: [
          { content: { role: "model", parts: [{ text: "Well" }] }, finishReason: "SAFETY" },
        ],
      }),
    );
    expect(await h.provider.chat({ messages: [{ role: "user", content: "x" }] })).toMatchObject({
      output: "Well",
      finishReason: "content_filter",
    });
  });
});

describe("reasoning", () => {
  it("returns thought parts as reasoning when thinkingConfig asks for them", async () => {
    const h = await start();
    h.upstream.on(
      stream.method,
      stream.path,
      sse(
        [
          {
            data: {
              candidates: [
                { content: { role: "model", parts: [{ text: "**Counting**", thought: true }] } },
              ],
            },
          },
          {
            data: {
              candidates: [
                { content: { role: "model", parts: [{ text: "3" }] }, finishReason: "STOP" },
              ],
              usageMetadata: {
                promptTokenCount: 9,
                candidatesTokenCount: 1,
                thoughtsTokenCount: 30,
                totalTokenCount: 40,
              },
            },
          },
        ],
        CRLF,
      ),
    );
    const events = await collectEvents(
      h.provider.stream?.({
        messages: [{ role: "user", content: "How many r's in strawberry?" }],
        providerOptions: { google: { thinkingConfig: { includeThoughts: true } } },
      }),
    );
    expect(reasoningOf(events)).toBe("**Counting**");
    expect(textOf(events)).toBe("3");
    expect(requestBody(h).generationConfig).toEqual({ thinkingConfig: { includeThoughts: true } });
  });
});

describe("embeddings", () => {
  it("embeds several inputs in one batchEmbedContents call, with dimensions and task type", async () => {
    const h = await start({ defaultEmbeddingModel: "text-embedding-004" });
    h.upstream.on(
      embed.method,
      embed.path,
      json({ embeddings: [{ values: [0.1, 0.2] }, { values: [0.3, 0.4] }] }),
    );
    const res = await h.provider.embed?.({
      input: ["a", "b"],
      dimensions: 2,
      providerOptions: { google: { taskType: "RETRIEVAL_DOCUMENT" } },
    });
    expect(res).toEqual({
      provider: "google",
      model: "text-embedding-004",
      embeddings: [
        [0.1, 0.2],
        [0.3, 0.4],
      ],
    });
    expect(h.upstream.requests[0]?.path).toBe(
      "/v1beta/models/text-embedding-004:batchEmbedContents",
    );
    expect(h.upstream.requests[0]?.headers["x-goog-api-key"]).toBe(TEST_KEY);
    expect(requestBody(h)).toEqual({
      requests: [
        {
          content: { parts: [{ text: "a" }], role: "user" },
          model: "models/text-embedding-004",
          outputDimensionality: 2,
          taskType: "RETRIEVAL_DOCUMENT",
        },
        {
          content: { parts: [{ text: "b" }], role: "user" },
          model: "models/text-embedding-004",
          outputDimensionality: 2,
          taskType: "RETRIEVAL_DOCUMENT",
        },
      ],
    });
  });

  it("embeds a single string with the default model", async () => {
    const h = await start();
    h.upstream.on(
      embed.method,
      embed.path,
      wire.embedReply?.({ model: "x", embeddings: [[1]], promptTokens: 2 }) ?? json({}),
    );
    const res = await h.provider.embed?.({ input: "one" });
    expect(res).toMatchObject({
      model: "gemini-embedding-001",
      embeddings: [[1]],
      usage: { promptTokens: 2 },
    });
  });
});

describe("models", () => {
  it("lists every page of models", async () => {
    const h = await start();
    h.upstream.on(probe.method, probe.path, (request) =>
      request.query.pageToken === "p2"
        ? json({ models: [{ name: "models/text-embedding-004" }] })
        : json({
            models: [{ name: "models/gemini-2.5-flash" }, { name: "models/gemini-2.5-pro" }],
            nextPageToken: "p2",
          }),
    );
    expect(await h.provider.listModels?.()).toEqual([
      { id: "gemini-2.5-flash", ownedBy: "google" },
      { id: "gemini-2.5-pro", ownedBy: "google" },
      { id: "text-embedding-004", ownedBy: "google" },
    ]);
    expect(h.upstream.requests.map((r) => r.query)).toEqual([
      { pageSize: "1000" },
      { pageSize: "1000", pageToken: "p2" },
    ]);
  });

  it("probes with one small page, and reports a failure without throwing", async () => {
    const h = await start();
    h.upstream.once(probe.method, probe.path, wire.probeReply?.() ?? json({}));
    expect(await h.provider.probe?.()).toMatchObject({ ok: true });
    expect(h.upstream.requests[0]?.query).toEqual({ pageSize: "1" });
    h.upstream.on(probe.method, probe.path, wire.errorReply(403, "Permission denied"));
    const failed = await h.provider.probe?.();
    expect(failed).toMatchObject({ ok: false });
    expect(failed?.detail).toContain("Permission denied");
  });
});

describe("egress and abort", () => {
  it("blocks every operation by the egress policy before any byte leaves", async () => {
    const h = await start({}, { egressAllow: [] });
    h.upstream.on("*", () => true, textReply("never"));
    const blocked = { status: 403, code: "egress_blocked" };
    expect(
      await rejectionOf(
        collectEvents(h.provider.stream?.({ messages: [{ role: "user", content: "x" }] })),
      ),
    ).toMatchObject(blocked);
    expect(await rejectionOf(h.provider.embed?.({ input: "x" }))).toMatchObject(blocked);
    expect(await rejectionOf(h.provider.listModels?.())).toMatchObject(blocked);
    expect(await h.provider.probe?.()).toMatchObject({ ok: false });
    expect(h.upstream.requests).toHaveLength(0);
  });

  it("does not follow a redirect, so the key header never goes to another origin", async () => {
    const h = await start({ retryAttempts: 1 });
    h.upstream.on(
      chat.method,
      chat.path,
      json({}, { status: 307, headers: { location: "http://127.0.0.1:1/steal" } }),
    );
    const err = await rejectionOf(h.provider.chat({ messages: [{ role: "user", content: "x" }] }));
    expect(err).toMatchObject({ provider: "google", retryable: false });
    expect((err as Error).message).toContain("redirect");
    expect(h.upstream.requests).toHaveLength(1);
  });

  it("aborts a streaming request upstream when the caller aborts", async () => {
    const h = await start();
    const long = wire.streamReply?.(
      {
        id: "r",
        model: "m",
        text: "x".repeat(200),
        rawFinishReason: "STOP",
        usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 },
      },
      { delayMs: 30 },
    );
    if (!long || typeof long === "function") throw new Error("expected a fixed reply");
    h.upstream.on(stream.method, stream.path, long);
    const controller = new AbortController();
    const seen: string[] = [];
    const err = await rejectionOf(
      (async () => {
        for await (const event of h.provider.stream?.(
          { messages: [{ role: "user", content: "x" }] },
          { signal: controller.signal },
        ) ?? []) {
          seen.push(event.type);
          if (seen.length === 2) controller.abort();
        }
      })(),
    );
    expect(err).toMatchObject({ status: 499, code: "aborted" });
    await h.upstream.waitForAbortedRequests(1);
  });
});

describe("credentials", () => {
  it("falls back to GOOGLE_API_KEY, then GEMINI_API_KEY, when the secrets store has no key", async () => {
    const saved = { gemini: process.env.GEMINI_API_KEY, google: process.env.GOOGLE_API_KEY };
    // The SDK warns when both variables are set, even though the key is passed explicitly.
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const h = await start();
      await h.secrets.delete("provider:google:apiKey");
      h.upstream.on(chat.method, chat.path, textReply("ok"));
      process.env.GEMINI_API_KEY = "gemini-env-key-1";
      process.env.GOOGLE_API_KEY = "google-env-key-2";
      await h.provider.chat({ messages: [{ role: "user", content: "x" }] });
      delete process.env.GOOGLE_API_KEY;
      await h.provider.chat({ messages: [{ role: "user", content: "x" }] });
      expect(h.upstream.requests.map((r) => r.headers["x-goog-api-key"])).toEqual([
        "google-env-key-2",
        "gemini-env-key-1",
      ]);
    } finally {
      warn.mockRestore();
      if (saved.gemini === undefined) delete process.env.GEMINI_API_KEY;
      else process.env.GEMINI_API_KEY = saved.gemini;
      if (saved.google === undefined) delete process.env.GOOGLE_API_KEY;
      else process.env.GOOGLE_API_KEY = saved.google;
    }
  });
});

describe("base URL", () => {
  it("takes a trailing version in baseURL as the API version instead of doubling it", async () => {
    harness = await startGoogle((url) => ({ baseURL: `${url}/v1/` }));
    harness.upstream.on("POST", /^\/v1\/models\/[^/]+:generateContent$/, textReply("v1 ok"));
    const res = await harness.provider.chat({
      model: "gemini-2.5-flash",
      messages: [{ role: "user", content: "x" }],
    });
    expect(res.output).toBe("v1 ok");
    expect(harness.upstream.requests[0]?.path).toBe("/v1/models/gemini-2.5-flash:generateContent");
  });
});
