import type { EmbedRequest } from "@oss-ai-agent-tool/core";
import {
  type ChatScenario,
  collectEvents,
  type Harness,
  json,
  reasoningOf,
  rejectionOf,
  requestBody,
  sse,
  textOf,
} from "@oss-ai-agent-tool/testkit";
import { afterEach, describe, expect, it, vi } from "vitest";
import pkg from "../package.json" with { type: "json" };
import plugin from "../src/index.js";
import { API_KEY, hello, manifest, startOpenRouter } from "./helpers.js";
import {
  openRouterChatReply,
  openRouterStreamError,
  openRouterStreamReply,
  openRouterWire,
  PROCESSING_COMMENT,
} from "./openrouter-wire.js";

const wire = openRouterWire();
const MODEL = "anthropic/claude-3.5-sonnet";
const scenario: ChatScenario = {
  id: "gen-1764000000-abc",
  model: MODEL,
  text: "Hello from OpenRouter.",
  rawFinishReason: "stop",
  usage: {
    promptTokens: 12,
    completionTokens: 6,
    totalTokens: 18,
    cachedPromptTokens: 4,
    reasoningTokens: 3,
  },
};
const streamRoute = wire.routes.stream ?? wire.routes.chat;

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  vi.unstubAllEnvs();
});

async function start(settings: Record<string, unknown> = {}) {
  harness = await startOpenRouter(plugin, (url) => ({ baseURL: `${url}/api/v1`, ...settings }));
  harness.upstream.on(
    wire.routes.chat.method,
    wire.routes.chat.path,
    openRouterChatReply(scenario),
  );
  harness.upstream.on(streamRoute.method, streamRoute.path, openRouterStreamReply(scenario));
  return harness;
}

describe("openrouter: requests", () => {
  it("sends model ids with slashes and variants untouched", async () => {
    const h = await start();
    await h.provider.chat({ model: "anthropic/claude-3.7-sonnet:thinking", messages: hello });
    await collectEvents(
      h.provider.stream?.({ model: "meta-llama/llama-3.1-8b-instruct:free", messages: hello }),
    );
    expect(h.upstream.requests.map((r) => r.path)).toEqual([
      "/api/v1/chat/completions",
      "/api/v1/chat/completions",
    ]);
    expect(requestBody(h, 0).model).toBe("anthropic/claude-3.7-sonnet:thinking");
    expect(requestBody(h, 1).model).toBe("meta-llama/llama-3.1-8b-instruct:free");
  });

  it("sends max_tokens and temperature for every model, reasoning ones included", async () => {
    const h = await start();
    await h.provider.chat({
      model: "openai/o3-mini",
      messages: hello,
      maxTokens: 40,
      temperature: 0.2,
    });
    expect(requestBody(h)).toMatchObject({ max_tokens: 40, temperature: 0.2 });
  });

  it("uses openrouter/auto (the manifest default) when neither request nor settings name a model", async () => {
    const h = await start();
    await h.provider.chat({ messages: hello });
    expect(requestBody(h).model).toBe("openrouter/auto");
    expect(manifest.defaultModel).toBe("openrouter/auto");
  });

  it("prefers settings.defaultModel over the manifest's", async () => {
    const h = await start({ defaultModel: "openai/gpt-4o-mini" });
    await h.provider.chat({ messages: hello });
    expect(requestBody(h).model).toBe("openai/gpt-4o-mini");
  });
});

describe("openrouter: attribution headers and auth", () => {
  it("sends HTTP-Referer and X-Title from siteUrl and appName, with the key as a Bearer token", async () => {
    const h = await start({ siteUrl: "https://gateway.example.org", appName: "OAAT Gateway" });
    await h.provider.chat({ model: MODEL, messages: hello });
    await collectEvents(h.provider.stream?.({ model: MODEL, messages: hello }));
    for (const request of h.upstream.requests) {
      expect(request.headers["http-referer"]).toBe("https://gateway.example.org");
      expect(request.headers["x-title"]).toBe("OAAT Gateway");
      expect(request.headers["x-openrouter-title"]).toBe("OAAT Gateway");
      expect(request.headers.authorization).toBe(`Bearer ${API_KEY}`);
    }
  });

  it("sends no attribution headers when none are configured", async () => {
    const h = await start();
    await h.provider.chat({ model: MODEL, messages: hello });
    const headers = h.upstream.requests[0]?.headers ?? {};
    expect(headers["http-referer"]).toBeUndefined();
    expect(headers["x-title"]).toBeUndefined();
  });

  it("never sends the OpenAI provider's admin key, organization or project", async () => {
    vi.stubEnv("OPENAI_ADMIN_KEY", "sk-admin-must-not-leak-000");
    vi.stubEnv("OPENAI_ORG_ID", "org-must-not-leak");
    vi.stubEnv("OPENAI_PROJECT_ID", "proj-must-not-leak");
    const h = await start();
    await h.provider.chat({ model: MODEL, messages: hello });
    const headers = h.upstream.requests[0]?.headers ?? {};
    expect(headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(headers["openai-organization"]).toBeUndefined();
    expect(headers["openai-project"]).toBeUndefined();
  });

  it("talks to openrouter.ai by default (the egress policy sees the host)", async () => {
    harness = await startOpenRouter(plugin, () => ({}), undefined, []);
    const err = await rejectionOf(harness.provider.chat({ model: MODEL, messages: hello }));
    expect(err).toMatchObject({ code: "egress_blocked", host: "openrouter.ai" });
    expect(pkg.oaat.egressHosts).toEqual(["openrouter.ai"]);
  });

  it("refuses invalid settings, naming the field", async () => {
    await expect(start({ appName: "Büro" })).rejects.toThrow(
      "providers.settings.openrouter.appName",
    );
  });
});

describe("openrouter: routing options", () => {
  const defaults = {
    provider: { data_collection: "deny", order: ["Anthropic"], allow_fallbacks: true },
    models: ["openai/gpt-4o-mini"],
    route: "fallback",
    transforms: ["middle-out"],
    reasoning: { effort: "low" },
    usage: { include: true },
  };

  it("sends the settings' defaults with every chat and stream request", async () => {
    const h = await start({ defaults });
    await h.provider.chat({ model: MODEL, messages: hello });
    await collectEvents(h.provider.stream?.({ model: MODEL, messages: hello }));
    expect(requestBody(h, 0)).toMatchObject(defaults);
    expect(requestBody(h, 1)).toMatchObject({ ...defaults, stream: true });
  });

  it("lets providerOptions.openrouter win, merging provider and reasoning key by key", async () => {
    const h = await start({ defaults });
    await h.provider.chat({
      model: MODEL,
      messages: hello,
      providerOptions: {
        openrouter: {
          provider: { order: ["Google", "Amazon Bedrock"], allow_fallbacks: false },
          reasoning: { max_tokens: 2000 },
          transforms: [],
          plugins: [{ id: "web" }],
        },
        openai: { logit_bias: { "1": 1 } },
      },
    });
    const body = requestBody(h);
    expect(body).toMatchObject({
      provider: {
        data_collection: "deny",
        order: ["Google", "Amazon Bedrock"],
        allow_fallbacks: false,
      },
      reasoning: { effort: "low", max_tokens: 2000 },
      transforms: [],
      models: ["openai/gpt-4o-mini"],
      plugins: [{ id: "web" }],
    });
    expect(body).not.toHaveProperty("logit_bias");
  });

  it("passes request options through without defaults, and never lets them replace the model or messages", async () => {
    const h = await start();
    await h.provider.chat({
      model: MODEL,
      messages: hello,
      providerOptions: { openrouter: { model: "evil/model", messages: [], route: "fallback" } },
    });
    expect(requestBody(h)).toMatchObject({ model: MODEL, route: "fallback" });
    expect((requestBody(h).messages as unknown[]).length).toBe(1);
  });

  it("leaves embeddings out of the chat defaults but passes their own options", async () => {
    const h = await start({ defaults });
    h.upstream.on(
      wire.routes.embed?.method ?? "POST",
      wire.routes.embed?.path ?? "/api/v1/embeddings",
      wire.embedReply?.({
        model: "openai/text-embedding-3-small",
        embeddings: [[0.25, 0.5]],
        promptTokens: 2,
      }) ?? json({}),
    );
    const req: EmbedRequest = {
      model: "openai/text-embedding-3-small",
      input: "a",
      providerOptions: { openrouter: { provider: { order: ["OpenAI"] } } },
    };
    const res = await h.provider.embed?.(req);
    expect(res?.embeddings).toEqual([[0.25, 0.5]]);
    const body = requestBody(h);
    expect(body).toMatchObject({
      model: "openai/text-embedding-3-small",
      provider: { order: ["OpenAI"] },
    });
    expect(body).not.toHaveProperty("transforms");
  });
});

describe("openrouter: streams", () => {
  it("skips keep-alive comments wherever they come, and frames split across writes", async () => {
    const h = await start();
    const source = openRouterStreamReply(scenario, { comments: 3 });
    h.upstream.on(streamRoute.method, streamRoute.path, (request) => {
      const reply = source(request);
      // A comment between every two frames, and the bytes re-chunked at odd sizes.
      const units = reply.units.flatMap((unit) => [
        unit,
        new TextEncoder().encode(": OPENROUTER PROCESSING\n\n"),
      ]);
      return { ...reply, units, splitEvery: 7 };
    });
    const events = await collectEvents(h.provider.stream?.({ model: MODEL, messages: hello }));
    expect(textOf(events)).toBe(scenario.text);
    expect(events.at(-1)).toMatchObject({
      type: "finish",
      finishReason: "stop",
      id: scenario.id,
      model: MODEL,
    });
  });

  it("streams a reply that is only keep-alives before its first chunk", async () => {
    const h = await start();
    h.upstream.on(
      streamRoute.method,
      streamRoute.path,
      sse(
        [
          ...Array.from({ length: 20 }, () => PROCESSING_COMMENT),
          {
            data: {
              id: "gen-x",
              model: MODEL,
              object: "chat.completion.chunk",
              created: 1,
              choices: [{ index: 0, delta: { content: "ok" }, finish_reason: "stop" }],
            },
          },
        ],
        { done: true, delayMs: 2 },
      ),
    );
    const events = await collectEvents(h.provider.stream?.({ model: MODEL, messages: hello }));
    expect(textOf(events)).toBe("ok");
  });

  it("reports usage (cached and reasoning tokens) before finish, and leaves cost out", async () => {
    const h = await start();
    const events = await collectEvents(h.provider.stream?.({ model: MODEL, messages: hello }));
    const usage = events.find((e) => e.type === "usage");
    expect(usage).toEqual({
      type: "usage",
      usage: {
        promptTokens: 12,
        completionTokens: 6,
        totalTokens: 18,
        cachedPromptTokens: 4,
        cacheWritePromptTokens: 0,
        reasoningTokens: 3,
      },
    });
    expect(events.findIndex((e) => e.type === "usage")).toBe(events.length - 2);
  });

  it("maps reasoning deltas to reasoning-delta events, before the text", async () => {
    const h = await start();
    h.upstream.on(
      streamRoute.method,
      streamRoute.path,
      openRouterStreamReply(scenario, { reasoning: "The user greets me; answer briefly." }),
    );
    const events = await collectEvents(h.provider.stream?.({ model: MODEL, messages: hello }));
    expect(reasoningOf(events)).toBe("The user greets me; answer briefly.");
    expect(events.findLastIndex((e) => e.type === "reasoning-delta")).toBeLessThan(
      events.findIndex((e) => e.type === "text-delta"),
    );
  });

  it("returns non-streamed reasoning with the reply", async () => {
    const h = await start();
    h.upstream.on(
      wire.routes.chat.method,
      wire.routes.chat.path,
      openRouterChatReply(scenario, { reasoning: "Short thought." }),
    );
    const res = await h.provider.chat({ model: MODEL, messages: hello });
    expect(res).toMatchObject({
      output: scenario.text,
      reasoning: "Short thought.",
      id: scenario.id,
    });
    expect(res.usage).toEqual({ ...scenario.usage, cacheWritePromptTokens: 0 });
  });

  it("fails a stream that reports an error after its first text, keeping what was sent", async () => {
    const h = await start();
    h.upstream.on(
      streamRoute.method,
      streamRoute.path,
      sse([
        PROCESSING_COMMENT,
        {
          data: {
            id: "gen-y",
            model: MODEL,
            object: "chat.completion.chunk",
            created: 1,
            choices: [{ index: 0, delta: { content: "Partial" }, finish_reason: null }],
          },
        },
        openRouterStreamError("Provider disconnected unexpectedly"),
      ]),
    );
    const events: string[] = [];
    const err = await rejectionOf(
      (async () => {
        for await (const event of h.provider.stream?.({ model: MODEL, messages: hello }) ?? [])
          if (event.type === "text-delta") events.push(event.delta);
      })(),
    );
    expect(events.join("")).toBe("Partial");
    expect(err).toMatchObject({
      status: 502,
      code: "server_error",
      retryable: true,
      provider: "openrouter",
    });
    expect((err as Error).message).toContain("Provider disconnected unexpectedly");
    expect(h.upstream.requests).toHaveLength(1);
  });
});

describe("openrouter: models and probe", () => {
  it("probes with GET /key, which checks the key", async () => {
    const h = await start();
    h.upstream.on(
      wire.routes.probe?.method ?? "GET",
      wire.routes.probe?.path ?? "/api/v1/key",
      wire.probeReply?.() ?? json({}),
    );
    expect(await h.provider.probe?.()).toMatchObject({ ok: true });
    expect(h.upstream.requests[0]).toMatchObject({ method: "GET", path: "/api/v1/key" });
    expect(h.upstream.requests[0]?.headers.authorization).toBe(`Bearer ${API_KEY}`);
  });

  it("reports a rejected key as a failed probe without throwing", async () => {
    const h = await start();
    h.upstream.on("GET", "/api/v1/key", wire.errorReply(401, "No auth credentials found"));
    const result = await h.provider.probe?.();
    expect(result).toMatchObject({ ok: false });
    expect(result?.detail).toContain("No auth credentials found");
    expect(h.upstream.requests).toHaveLength(1);
  });

  it("reports a missing key as a failed probe", async () => {
    vi.stubEnv("OPENROUTER_API_KEY", "");
    harness = await startOpenRouter(plugin, (url) => ({ baseURL: `${url}/api/v1` }), {});
    const result = await harness.provider.probe?.();
    expect(result).toMatchObject({ ok: false });
    expect(result?.detail).toContain("OPENROUTER_API_KEY");
  });

  it("lists models through GET /models", async () => {
    const h = await start();
    h.upstream.on(
      "GET",
      "/api/v1/models",
      json({
        data: [
          {
            id: "anthropic/claude-3.5-sonnet",
            name: "Anthropic: Claude 3.5 Sonnet",
            context_length: 200000,
          },
          { id: "openai/gpt-4o-mini", name: "OpenAI: GPT-4o-mini", context_length: 128000 },
        ],
      }),
    );
    expect(await h.provider.listModels?.()).toEqual([
      { id: "anthropic/claude-3.5-sonnet" },
      { id: "openai/gpt-4o-mini" },
    ]);
  });
});
