import {
  collectEvents,
  type Harness,
  json,
  metricValue,
  rejectionOf,
  requestBody,
  sse,
} from "@oss-ai-agent-tool/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { ACME_KEY, allCapabilities, startCompatible } from "./support/compatible.js";
import { chunk, completion } from "./support/wire.js";

const hello = [{ role: "user" as const, content: "Hi" }];
const CHAT = /\/chat\/completions$/;

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const start = async (...args: Parameters<typeof startCompatible>) => {
  harness = await startCompatible(...args);
  return harness;
};

describe("createOpenAICompatibleProvider", () => {
  it("declares stream and embed only when its capabilities do", async () => {
    const h = await start({
      capabilities: { ...allCapabilities, stream: false, embeddings: false },
    });
    expect(h.provider.stream).toBeUndefined();
    expect(h.provider.embed).toBeUndefined();
    expect(h.provider.capabilities).toEqual({
      ...allCapabilities,
      stream: false,
      embeddings: false,
    });
  });

  it("fails a request without a model, and without a default, with 400 missing_model", async () => {
    const h = await start();
    const expected = { status: 400, code: "missing_model", provider: "acme", retryable: false };
    expect(await rejectionOf(h.provider.chat({ messages: hello }))).toMatchObject(expected);
    expect(
      await rejectionOf(collectEvents(h.provider.stream?.({ messages: hello }))),
    ).toMatchObject(expected);
    expect(await rejectionOf(h.provider.embed?.({ input: "x" }))).toMatchObject(expected);
    expect(h.upstream.requests).toHaveLength(0);
  });

  it("sends resolveModel's name on the wire, and labels metrics with the requested one", async () => {
    const h = await start({ resolveModel: (model) => `deploy-${model}` });
    h.upstream.on("POST", CHAT, json(completion({ content: "ok" }, "stop", { model: "" })));
    const res = await h.provider.chat({ model: "gpt-4o", messages: hello });
    expect(requestBody(h).model).toBe("deploy-gpt-4o");
    expect(res.model).toBe("gpt-4o");
    expect(
      await metricValue(h.registry, "provider_requests_total", {
        provider: "acme",
        model: "gpt-4o",
      }),
    ).toBe(1);
    expect(h.upstream.requests[0]?.headers.authorization).toBe(`Bearer ${ACME_KEY}`);
  });

  it("judges reasoning models by the requested name, before resolveModel", async () => {
    const h = await start({ resolveModel: () => "my-deployment", unsupportedParameters: "drop" });
    h.upstream.on("POST", CHAT, json(completion({ content: "ok" })));
    await h.provider.chat({ model: "o3", messages: hello, maxTokens: 9, temperature: 1 });
    expect(requestBody(h)).toEqual({
      model: "my-deployment",
      messages: [{ role: "user", content: "Hi" }],
      max_completion_tokens: 9,
      stream: false,
    });
  });

  it("takes its own reasoning-model rule", async () => {
    const h = await start({ isReasoningModel: () => false });
    h.upstream.on("POST", CHAT, json(completion({ content: "ok" })));
    await h.provider.chat({ model: "o3", messages: hello, maxTokens: 9, temperature: 1 });
    expect(requestBody(h)).toMatchObject({ max_tokens: 9, temperature: 1 });
  });

  it("merges extraBody under providerOptions[id], both under the mapped fields", async () => {
    const h = await start({
      extraBody: (req) => ({
        provider: { order: ["a"] },
        transforms: [],
        seed: 1,
        echo: req.model,
      }),
    });
    h.upstream.on("POST", CHAT, json(completion({ content: "ok" })));
    await h.provider.chat({
      model: "m",
      messages: hello,
      seed: 5,
      providerOptions: { acme: { provider: { order: ["b"] } } },
    });
    expect(requestBody(h)).toMatchObject({
      provider: { order: ["b"] },
      transforms: [],
      seed: 5,
      echo: "m",
    });
  });

  it("streams through the same mapping", async () => {
    const h = await start({ defaultModel: "m", extraBody: () => ({ transforms: ["x"] }) });
    h.upstream.on(
      "POST",
      CHAT,
      sse(
        [chunk({ content: "hey" }), chunk({}, "stop")].map((data) => ({ data })),
        { done: true },
      ),
    );
    const events = await collectEvents(h.provider.stream?.({ messages: hello }));
    expect(events.map((e) => e.type)).toEqual(["text-delta", "finish"]);
    expect(requestBody(h)).toMatchObject({
      model: "m",
      transforms: ["x"],
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it("asks compatible servers for float embeddings by default, resolving the model", async () => {
    const h = await start({ defaultEmbeddingModel: "e", resolveModel: (m) => `d-${m}` });
    h.upstream.on(
      "POST",
      /\/embeddings$/,
      json({
        object: "list",
        data: [{ object: "embedding", index: 0, embedding: [0.5] }],
        model: "e",
      }),
    );
    const res = await h.provider.embed?.({ input: "x" });
    expect(requestBody(h)).toEqual({ model: "d-e", input: "x", encoding_format: "float" });
    expect(res).toEqual({ provider: "acme", model: "e", embeddings: [[0.5]] });
  });

  it("closes what it was given", async () => {
    let closed = 0;
    const h = await start({
      close: async () => {
        closed++;
      },
    });
    await h.provider.close?.();
    expect(closed).toBe(1);
  });

  it("normalizes a failure to build the client, in every operation, like any upstream failure", async () => {
    const h = await start({
      client: () => Promise.reject(new Error("vault down")),
    });
    const hi = { messages: [{ role: "user" as const, content: "hi" }] };
    for (const attempt of [
      () => h.provider.chat(hi),
      () => collectEvents(h.provider.stream?.(hi)),
      () => h.provider.embed?.({ input: "x" }) ?? Promise.resolve(),
      () => h.provider.listModels?.() ?? Promise.resolve(),
    ]) {
      const err = await rejectionOf(attempt());
      expect(err).toMatchObject({ name: "ProviderError", provider: "acme" });
    }
    expect((await h.provider.probe?.())?.ok).toBe(false);
    expect(h.upstream.requests).toHaveLength(0);
  });
});
