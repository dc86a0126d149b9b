import { fault, type MockUpstream, openAIChatWire } from "@oss-ai-agent-tool/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../support/start-test-gateway.js";

const wire = openAIChatWire();
const CHAT = wire.routes.chat.path;
const messages = [{ role: "user", content: "hi" }];

let gw: TestGateway;
beforeEach(async () => {
  gw = await startTestGateway({
    config: () => ({ providers: { routingPriority: { balanced: ["beta", "alpha"] } } }),
  });
});
afterEach(async () => {
  await gw?.close();
});

function reply(upstream: MockUpstream, model: string, text: string): void {
  upstream.once(
    "POST",
    CHAT,
    wire.chatReply({
      id: `up-${model}`,
      model,
      text,
      rawFinishReason: "stop",
      usage: { promptTokens: 5, completionTokens: 2, totalTokens: 7, cachedPromptTokens: 1 },
    }),
  );
}

const posts = (upstream: MockUpstream) =>
  upstream.requests.filter((r) => r.method === "POST" && r.path === "/v1/chat/completions");

describe("native POST /chat", () => {
  it("answers { output, provider, model, usage, finishReason, requestId } from a pinned provider", async () => {
    reply(gw.alpha, "alpha-model-1", "native hello");
    const res = await gw.postJson(
      "/chat",
      { provider: "alpha", messages, temperature: 0.2 },
      { "x-request-id": "native-1" },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("x-oaat-provider")).toBe("alpha");
    expect(await res.json()).toEqual({
      output: "native hello",
      provider: "alpha",
      model: "alpha-model-1",
      usage: {
        promptTokens: 5,
        completionTokens: 2,
        totalTokens: 7,
        cachedPromptTokens: 1,
        reasoningTokens: 0,
      },
      finishReason: "stop",
      requestId: "native-1",
    });
    expect(posts(gw.alpha)[0]?.json()).toMatchObject({ model: "alpha-model-1", temperature: 0.2 });
    expect(posts(gw.beta)).toHaveLength(0);
  });

  it("resolves a provider alias and a model", async () => {
    reply(gw.beta, "beta-model-9", "via alias");
    const res = await gw.postJson("/chat", {
      provider: "beta_legacy",
      model: "beta-model-9",
      messages,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ output: "via alias", provider: "beta" });
    expect(posts(gw.beta)[0]?.json()).toMatchObject({ model: "beta-model-9" });
  });

  it("resolves a model address as /v1/chat/completions does", async () => {
    reply(gw.beta, "beta-model-2", "addressed");
    const res = await gw.postJson("/chat", { model: "beta/beta-model-2", messages });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      output: "addressed",
      provider: "beta",
      model: "beta-model-2",
    });
    expect(posts(gw.alpha)).toHaveLength(0);
  });

  it('routes {routing: "balanced"} by providers.routingPriority.balanced', async () => {
    reply(gw.beta, "beta-model-1", "beta is first");
    const res = await gw.postJson("/chat", { routing: "balanced", messages });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      output: "beta is first",
      provider: "beta",
      model: "beta-model-1",
    });
    expect(typeof body.requestId).toBe("string");
    expect(res.headers.get("x-request-id")).toBe(body.requestId);
    expect(posts(gw.alpha)).toHaveLength(0);
  });

  it("falls back along the routing priority when the first provider fails", async () => {
    gw.beta.once("POST", CHAT, fault.status(503));
    reply(gw.alpha, "alpha-model-1", "alpha picked it up");
    const res = await gw.postJson("/chat", { routing: "balanced", messages });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-oaat-attempts")).toBe("2");
    expect(await res.json()).toMatchObject({ output: "alpha picked it up", provider: "alpha" });
    expect(posts(gw.beta)).toHaveLength(1);
  });

  it("refuses an unknown routing mode with 400 naming routing", async () => {
    const res = await gw.postJson("/chat", { routing: "fastest", messages });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: Record<string, unknown> };
    expect(body.error).toMatchObject({ type: "invalid_request_error", param: "routing" });
    expect(body.error.message).toMatch(/^routing: expected one of "balanced"/);
  });

  it("refuses an unknown provider with 404 and bad chat fields with 400", async () => {
    const unknown = await gw.postJson("/chat", { provider: "gamma", messages });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({
      error: { code: "provider_not_found", param: "provider", message: 'unknown provider "gamma"' },
    });

    const bad = await gw.postJson("/chat", { provider: "alpha", messages, top_p: 3 });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { param: "top_p" } });

    const stream = await gw.postJson("/chat", { provider: "alpha", messages, stream: true });
    expect(stream.status).toBe(400);
    expect(await stream.json()).toMatchObject({ error: { param: "stream" } });
    expect(posts(gw.alpha)).toHaveLength(0);
  });
});
