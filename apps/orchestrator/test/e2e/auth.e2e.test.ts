import { openAIChatWire } from "@oss-ai-agent-tool/testkit";
import { AuthenticationError, RateLimitError } from "openai";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { hashApiKey } from "../../src/auth/index.js";
import { apiErrorOf } from "../support/e2e-helpers.js";
import { startTestGateway, type TestGateway } from "../support/start-test-gateway.js";

const wire = openAIChatWire();
const MODEL = "alpha/alpha-model-1";
const messages = [{ role: "user" as const, content: "hi" }];
const KEY = "k1";

let gw: TestGateway;
beforeEach(async () => {
  gw = await startTestGateway({
    config: () => ({
      auth: { apiKeys: [{ tenant: "acme", hash: hashApiKey(KEY), rateLimitPerMinute: 2 }] },
    }),
  });
  gw.alpha.on(
    "POST",
    wire.routes.chat.path,
    wire.chatReply({
      id: "up",
      model: "alpha-model-1",
      text: "authorized",
      rawFinishReason: "stop",
      usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 },
    }),
  );
});
afterEach(async () => {
  await gw?.close();
});

const upstreamPosts = () => gw.alpha.requests.filter((r) => r.method === "POST").length;

describe("inbound API keys", () => {
  it("refuses a request without a key with 401 in OpenAI's shape", async () => {
    const res = await gw.postJson("/v1/chat/completions", { model: MODEL, messages });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      error: {
        message: expect.stringContaining("API key"),
        type: "authentication_error",
        code: "invalid_api_key",
        param: null,
      },
    });
    expect(upstreamPosts()).toBe(0);
  });

  it("refuses a wrong key as AuthenticationError", async () => {
    const err = await apiErrorOf(
      gw.client({ apiKey: "k1-wrong" }).chat.completions.create({ model: MODEL, messages }),
    );
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err.status).toBe(401);
    expect(err.code).toBe("invalid_api_key");
    expect(upstreamPosts()).toBe(0);

    const models = await apiErrorOf(gw.client({ apiKey: "k1-wrong" }).models.list());
    expect(models).toBeInstanceOf(AuthenticationError);
  });

  it("serves the right key, counts it against its limit, and rate-limits the third call", async () => {
    const client = gw.client({ apiKey: KEY });
    const first = await client.chat.completions.create({ model: MODEL, messages }).withResponse();
    expect(first.data.choices[0]?.message.content).toBe("authorized");
    expect(first.response.headers.get("x-ratelimit-limit-requests")).toBe("2");
    expect(first.response.headers.get("x-ratelimit-remaining-requests")).toBe("1");

    const second = await client.chat.completions.create({ model: MODEL, messages });
    expect(second.choices[0]?.message.content).toBe("authorized");

    const err = await apiErrorOf(client.chat.completions.create({ model: MODEL, messages }));
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err.status).toBe(429);
    expect(err.code).toBe("rate_limit_exceeded");
    const retryAfter = Number(err.headers?.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(err.headers?.get("x-ratelimit-remaining-requests")).toBe("0");
    // Refused at the door: the upstream saw only the two allowed calls.
    expect(upstreamPosts()).toBe(2);
    // Wrong keys never consumed the right key's budget, and the log names the tenant.
    expect(gw.logText()).toContain('"tenant":"acme"');
  });

  it("does not count refused keys against a tenant's limit", async () => {
    for (let i = 0; i < 3; i++) {
      const res = await gw.postJson(
        "/v1/chat/completions",
        { model: MODEL, messages },
        { authorization: "Bearer nope-nope" },
      );
      expect(res.status).toBe(401);
    }
    const ok = await gw.client({ apiKey: KEY }).chat.completions.create({ model: MODEL, messages });
    expect(ok.choices[0]?.message.content).toBe("authorized");
  });

  it("keeps /healthz, /readyz and /metrics open without a key", async () => {
    const healthz = await gw.fetch("/healthz");
    expect(healthz.status).toBe(200);
    expect(await healthz.json()).toEqual({ status: "ok" });
    expect((await gw.fetch("/readyz")).status).toBe(200);
    expect((await gw.fetch("/metrics")).status).toBe(200);
  });

  it("guards every API route, native /chat included", async () => {
    const models = await gw.fetch("/v1/models");
    expect(models.status).toBe(401);
    const embeddings = await gw.postJson("/v1/embeddings", { model: MODEL, input: "x" });
    expect(embeddings.status).toBe(401);
    const native = await gw.postJson("/chat", { provider: "alpha", messages });
    expect(native.status).toBe(401);
    const withKey = await gw.postJson(
      "/chat",
      { provider: "alpha", messages },
      { authorization: `Bearer ${KEY}` },
    );
    expect(withKey.status).toBe(200);
  });
});
