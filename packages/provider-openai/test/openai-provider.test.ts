import type { Harness } from "@oss-ai-agent-tool/testkit";
import {
  collectEvents,
  json,
  rejectionOf,
  requestBody,
  sse,
  textOf,
} from "@oss-ai-agent-tool/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { API_KEY, startOpenAI } from "./support/harness.js";
import { chunk, completion, fullUsage, usageChunk } from "./support/wire.js";

const hello = [{ role: "user" as const, content: "Say hello." }];
const CHAT = /\/chat\/completions$/;
const reply = json(completion({ content: "Hello." }));
const streamReply = sse(
  [
    chunk({ role: "assistant", content: "" }),
    chunk({ content: "Hello." }),
    chunk({}, "stop"),
    usageChunk(fullUsage),
  ].map((data) => ({ data })),
  { done: true },
);
const isStream = (r: { path: string; json(): unknown }) =>
  CHAT.test(r.path) && (r.json() as { stream?: unknown }).stream === true;
const isChat = (r: { path: string; json(): unknown }) => CHAT.test(r.path) && !isStream(r);

// The SDK reads these when the plugin leaves a field unset; the tests must not depend on the machine.
const SDK_ENV = ["OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID", "OPENAI_API_KEY"];
const savedEnv = new Map<string, string | undefined>();
beforeEach(() => {
  for (const name of SDK_ENV) {
    savedEnv.set(name, process.env[name]);
    delete process.env[name];
  }
});

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  for (const [name, value] of savedEnv) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

const start = async (...args: Parameters<typeof startOpenAI>) => {
  harness = await startOpenAI(...args);
  return harness;
};

describe("OpenAI provider over HTTP", () => {
  describe("chat requests", () => {
    it("sends the mapped request with the API key, and maps the reply", async () => {
      const h = await start();
      h.upstream.on("POST", CHAT, reply);
      const res = await h.provider.chat({
        model: "gpt-4o",
        messages: [
          { role: "system", content: "Be terse." },
          {
            role: "user",
            content: [
              { type: "text", text: "What is this?" },
              { type: "image", url: "https://example.com/a.png", detail: "low" },
              { type: "image", data: "iVBORw0KGgo=", mediaType: "image/png" },
            ],
          },
        ],
        tools: [{ name: "lookup", parameters: { type: "object" }, strict: true }],
        toolChoice: { type: "tool", name: "lookup" },
        responseFormat: {
          type: "json_schema",
          name: "answer",
          schema: { type: "object", properties: {}, additionalProperties: false },
          strict: true,
        },
        temperature: 0.1,
        topP: 0.5,
        maxTokens: 64,
        stop: "END",
        seed: 3,
        user: "end-user-1",
      });
      expect(res).toMatchObject({ provider: "openai", output: "Hello.", finishReason: "stop" });
      const request = h.upstream.requests[0];
      expect(request).toMatchObject({ method: "POST", path: "/v1/chat/completions" });
      expect(request?.headers.authorization).toBe(`Bearer ${API_KEY}`);
      expect(request?.headers["openai-organization"]).toBeUndefined();
      expect(requestBody(h)).toEqual({
        model: "gpt-4o",
        stream: false,
        messages: [
          { role: "system", content: "Be terse." },
          {
            role: "user",
            content: [
              { type: "text", text: "What is this?" },
              { type: "image_url", image_url: { url: "https://example.com/a.png", detail: "low" } },
              { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } },
            ],
          },
        ],
        tools: [
          {
            type: "function",
            function: { name: "lookup", parameters: { type: "object" }, strict: true },
          },
        ],
        tool_choice: { type: "function", function: { name: "lookup" } },
        response_format: {
          type: "json_schema",
          json_schema: {
            name: "answer",
            schema: { type: "object", properties: {}, additionalProperties: false },
            strict: true,
          },
        },
        temperature: 0.1,
        top_p: 0.5,
        max_tokens: 64,
        stop: "END",
        seed: 3,
        user: "end-user-1",
      });
    });

    it("passes providerOptions.openai through, under the mapped fields, and no one else's", async () => {
      const h = await start();
      h.upstream.on("POST", CHAT, reply);
      await h.provider.chat({
        model: "gpt-4o",
        messages: hello,
        temperature: 0.5,
        providerOptions: {
          openai: {
            frequency_penalty: 0.5,
            logprobs: true,
            service_tier: "flex",
            temperature: 2,
            model: "evil",
            messages: [],
            stream: true,
            stream_options: { include_usage: false },
          },
          other: { presence_penalty: 1 },
        },
      });
      const body = requestBody(h);
      expect(body).toMatchObject({
        model: "gpt-4o",
        stream: false,
        temperature: 0.5,
        frequency_penalty: 0.5,
        logprobs: true,
        service_tier: "flex",
      });
      expect(body.messages).toHaveLength(1);
      // stream_options is only valid with stream: true.
      expect(body).not.toHaveProperty("stream_options");
      expect(body).not.toHaveProperty("presence_penalty");
    });

    it("streams with include_usage always on, keeping other stream_options", async () => {
      const h = await start();
      h.upstream.on("POST", CHAT, streamReply);
      const events = await collectEvents(
        h.provider.stream?.({
          model: "gpt-4o",
          messages: hello,
          providerOptions: {
            openai: {
              stream: false,
              stream_options: { include_usage: false, include_obfuscation: false },
            },
          },
        }),
      );
      expect(textOf(events)).toBe("Hello.");
      expect(events.map((e) => e.type).slice(-2)).toEqual(["usage", "finish"]);
      expect(requestBody(h)).toMatchObject({
        stream: true,
        stream_options: { include_usage: true, include_obfuscation: false },
      });
    });

    it("falls back to settings.defaultModel, then to the manifest's default model", async () => {
      let h = await start({ settings: () => ({ defaultModel: "gpt-4.1-mini" }) });
      h.upstream.on("POST", CHAT, reply);
      await h.provider.chat({ messages: hello });
      expect(requestBody(h).model).toBe("gpt-4.1-mini");
      await h.close();
      h = await start();
      h.upstream.on("POST", CHAT, reply);
      await h.provider.chat({ messages: hello });
      expect(requestBody(h).model).toBe("gpt-4o-mini");
    });

    it("refuses an image it cannot send with a 400, before any request", async () => {
      const h = await start();
      const bad = [
        { role: "user" as const, content: [{ type: "image" as const, url: "file:///etc/passwd" }] },
      ];
      const expected = {
        status: 400,
        code: "invalid_request",
        provider: "openai",
        retryable: false,
      };
      expect(await rejectionOf(h.provider.chat({ messages: bad }))).toMatchObject(expected);
      expect(
        await rejectionOf(collectEvents(h.provider.stream?.({ messages: bad }))),
      ).toMatchObject(expected);
      expect(((await rejectionOf(h.provider.chat({ messages: bad }))) as Error).message).toContain(
        "messages[0].content[0].url",
      );
      expect(h.upstream.requests).toHaveLength(0);
    });
  });

  describe("reasoning models", () => {
    it("with unsupportedParameters: drop, sends max_completion_tokens and leaves out what the model rejects, warning once per model", async () => {
      const h = await start({ settings: () => ({ unsupportedParameters: "drop" }) });
      h.upstream.on("POST", isChat, reply);
      h.upstream.on("POST", isStream, streamReply);
      // Sampling settings an OpenAI client library may send by default, passed through by the gateway.
      const req = {
        model: "o3-mini",
        messages: hello,
        maxTokens: 256,
        temperature: 0.2,
        topP: 0.9,
        providerOptions: {
          openai: { frequency_penalty: 0, presence_penalty: 0, reasoning_effort: "low" },
        },
      };
      await h.provider.chat(req);
      await collectEvents(h.provider.stream?.(req));
      for (const index of [0, 1]) {
        const body = requestBody(h, index);
        expect(body).toMatchObject({
          model: "o3-mini",
          max_completion_tokens: 256,
          reasoning_effort: "low",
        });
        for (const name of [
          "max_tokens",
          "temperature",
          "top_p",
          "frequency_penalty",
          "presence_penalty",
        ])
          expect(body).not.toHaveProperty(name);
      }
      await h.provider.chat(req);
      const warnings = h.logger.lines.filter((l) => l.level === "warn");
      expect(warnings).toHaveLength(1);
      expect(warnings[0]?.fields).toMatchObject({
        provider: "openai",
        model: "o3-mini",
        parameters: ["temperature", "top_p", "frequency_penalty", "presence_penalty"],
      });
    });

    it("keeps temperature for GPT-5.1 and later with reasoning_effort none", async () => {
      const h = await start();
      h.upstream.on("POST", CHAT, reply);
      await h.provider.chat({
        model: "gpt-5.1",
        messages: hello,
        temperature: 0.2,
        maxTokens: 10,
        providerOptions: { openai: { reasoning_effort: "none" } },
      });
      expect(requestBody(h)).toMatchObject({
        temperature: 0.2,
        max_completion_tokens: 10,
        reasoning_effort: "none",
      });
    });

    it("rejects them by default with a 400 naming the fields, before anything is sent", async () => {
      const h = await start();
      h.upstream.on("POST", CHAT, reply);
      const req = {
        model: "gpt-5-mini",
        messages: hello,
        temperature: 0,
        providerOptions: { openai: { logit_bias: { "50256": -100 } } },
      };
      const err = await rejectionOf(h.provider.chat(req));
      expect(err).toMatchObject({
        status: 400,
        code: "unsupported_parameter",
        provider: "openai",
        retryable: false,
      });
      expect((err as Error).message).toContain(
        "gpt-5-mini does not accept temperature, logit_bias",
      );
      expect(await rejectionOf(collectEvents(h.provider.stream?.(req)))).toMatchObject({
        code: "unsupported_parameter",
      });
      expect(h.upstream.requests).toHaveLength(0);
      // Nothing to reject: the request goes through.
      await h.provider.chat({ model: "gpt-5-mini", messages: hello, maxTokens: 5 });
      expect(requestBody(h)).toMatchObject({ max_completion_tokens: 5 });
    });

    it("reports reasoning tokens in usage", async () => {
      const h = await start();
      h.upstream.on(
        "POST",
        CHAT,
        json(
          completion({ content: "42" }, "stop", {
            model: "o4-mini-2025-04-16",
            usage: {
              prompt_tokens: 20,
              completion_tokens: 300,
              total_tokens: 320,
              prompt_tokens_details: { cached_tokens: 0 },
              completion_tokens_details: { reasoning_tokens: 256 },
            },
          }),
        ),
      );
      const res = await h.provider.chat({ model: "o4-mini", messages: hello });
      expect(res.usage).toEqual({
        promptTokens: 20,
        completionTokens: 300,
        totalTokens: 320,
        cachedPromptTokens: 0,
        reasoningTokens: 256,
      });
      expect(res.model).toBe("o4-mini-2025-04-16");
    });
  });

  describe("organization and project", () => {
    it("sends settings.organization and settings.project as headers", async () => {
      const h = await start({
        settings: () => ({ organization: "org-settings", project: "proj_settings" }),
      });
      h.upstream.on("POST", CHAT, reply);
      await h.provider.chat({ messages: hello });
      expect(h.upstream.requests[0]?.headers).toMatchObject({
        "openai-organization": "org-settings",
        "openai-project": "proj_settings",
      });
    });

    it("falls back to the optional credentials, then to their environment variables", async () => {
      const h = await start({
        credentials: {
          "provider:openai:apiKey": API_KEY,
          "provider:openai:organization": "org-store",
        },
      });
      process.env.OPENAI_PROJECT_ID = "proj_env";
      h.upstream.on("POST", CHAT, reply);
      await h.provider.chat({ messages: hello });
      expect(h.upstream.requests[0]?.headers).toMatchObject({
        "openai-organization": "org-store",
        "openai-project": "proj_env",
      });
    });
  });

  describe("embeddings", () => {
    const EMBED = /\/embeddings$/;
    const vectors = [
      [0.125, -0.5, 0.75],
      [1, 0, -1],
    ];
    const embedReply = (request: { json(): unknown }) => {
      const format = (request.json() as { encoding_format?: string }).encoding_format;
      return json({
        object: "list",
        data: vectors.map((vector, index) => ({
          object: "embedding",
          index,
          embedding:
            format === "base64"
              ? Buffer.from(new Float32Array(vector).buffer).toString("base64")
              : vector,
        })),
        model: "text-embedding-3-small",
        usage: { prompt_tokens: 4, total_tokens: 4 },
      });
    };

    it("asks for base64 by default, decodes it, and sends dimensions and user", async () => {
      const h = await start();
      h.upstream.on("POST", EMBED, embedReply);
      const res = await h.provider.embed?.({ input: ["a", "b"], dimensions: 3, user: "u-1" });
      expect(res).toEqual({
        provider: "openai",
        model: "text-embedding-3-small",
        embeddings: vectors,
        usage: { promptTokens: 4, totalTokens: 4 },
      });
      expect(requestBody(h)).toEqual({
        model: "text-embedding-3-small",
        input: ["a", "b"],
        encoding_format: "base64",
        dimensions: 3,
        user: "u-1",
      });
    });

    it("asks for floats when providerOptions say so, and uses settings.defaultEmbeddingModel", async () => {
      const h = await start({
        settings: () => ({ defaultEmbeddingModel: "text-embedding-3-large" }),
      });
      h.upstream.on("POST", EMBED, embedReply);
      const res = await h.provider.embed?.({
        input: "a",
        providerOptions: { openai: { encoding_format: "float", model: "evil" } },
      });
      expect(res?.embeddings).toEqual(vectors);
      expect(requestBody(h)).toMatchObject({
        model: "text-embedding-3-large",
        encoding_format: "float",
      });
    });

    it("decodes floats from a server that ignores encoding_format", async () => {
      const h = await start();
      h.upstream.on("POST", EMBED, () => embedReply({ json: () => ({}) }));
      const res = await h.provider.embed?.({ model: "text-embedding-3-small", input: ["a", "b"] });
      expect(requestBody(h).encoding_format).toBe("base64");
      expect(res?.embeddings).toEqual(vectors);
    });
  });

  describe("models and probe", () => {
    const MODELS = /\/models$/;
    const list = json({
      object: "list",
      data: [
        { id: "gpt-4o-mini", object: "model", created: 1, owned_by: "system" },
        { id: "ft:gpt-4o-mini:acme::x", object: "model", created: 2, owned_by: "" },
      ],
    });

    it("lists models with GET /models", async () => {
      const h = await start();
      h.upstream.on("GET", MODELS, list);
      expect(await h.provider.listModels?.()).toEqual([
        { id: "gpt-4o-mini", ownedBy: "system" },
        { id: "ft:gpt-4o-mini:acme::x" },
      ]);
      expect(h.upstream.requests[0]).toMatchObject({ method: "GET", path: "/v1/models" });
    });

    it("probes with one models call", async () => {
      const h = await start();
      h.upstream.on("GET", MODELS, list);
      expect(await h.provider.probe?.()).toMatchObject({ ok: true });
      expect(h.upstream.requests).toHaveLength(1);
    });

    it("reports a missing API key as not ok, naming both ways to set it, without a request", async () => {
      const h = await start({ credentials: {} });
      const result = await h.provider.probe?.();
      expect(result).toMatchObject({ ok: false });
      expect(result?.detail).toContain("provider:openai:apiKey");
      expect(result?.detail).toContain("OPENAI_API_KEY");
      expect(h.upstream.requests).toHaveLength(0);
    });

    it("reports a refused connection as not ok", async () => {
      const h = await start({ settings: () => ({ baseURL: "http://127.0.0.1:9/v1" }) });
      const result = await h.provider.probe?.();
      expect(result).toMatchObject({ ok: false });
      expect(result?.latencyMs).toBeGreaterThanOrEqual(0);
    });
  });

  it("talks to api.openai.com by default, which the egress policy guards", async () => {
    const h = await start({ settings: () => ({ baseURL: undefined }) });
    const err = await rejectionOf(h.provider.chat({ messages: hello }));
    expect(err).toMatchObject({ status: 403, code: "egress_blocked" });
    expect((err as Error).message).toContain("api.openai.com");
  });

  it("releases its client on close: later calls fail", async () => {
    const h = await start();
    h.upstream.on("POST", CHAT, reply);
    await h.provider.chat({ messages: hello });
    await h.provider.close?.();
    expect(await rejectionOf(h.provider.chat({ messages: hello }))).toBeInstanceOf(Error);
    expect(h.upstream.requests).toHaveLength(1);
  });
});
