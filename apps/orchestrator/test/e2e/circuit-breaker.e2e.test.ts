import { fault, openAIChatWire } from "@oss-ai-agent-tool/testkit";
import { InternalServerError } from "openai";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { apiErrorOf, chatPosts } from "../support/e2e-helpers.js";
import { metricValue } from "../support/prometheus.js";
import { startTestGateway, type TestGateway } from "../support/start-test-gateway.js";

const wire = openAIChatWire();
const CHAT = wire.routes.chat.path;
const messages = [{ role: "user" as const, content: "hi" }];

let gw: TestGateway;
beforeEach(async () => {
  gw = await startTestGateway({
    config: () => ({
      routing: {
        aliases: { fast: ["alpha/alpha-model-1", "beta/beta-model-1"] },
        circuitBreaker: { failureThreshold: 2, cooldownMs: 60_000 },
      },
    }),
  });
});
afterEach(async () => {
  await gw?.close();
});

describe("circuit breaker, end to end", () => {
  it("opens after repeated upstream failures and then answers 503 with Retry-After without calling the upstream", async () => {
    gw.alpha.on("POST", CHAT, fault.status(500));
    const call = () =>
      gw.client().chat.completions.create({ model: "alpha/alpha-model-1", messages });
    for (let i = 0; i < 2; i++) expect((await apiErrorOf(call())).status).toBe(502);
    expect(chatPosts(gw.alpha)).toBe(2);

    const open = await apiErrorOf(call());
    expect(open).toBeInstanceOf(InternalServerError);
    // The gateway's own "unavailable", not a bad upstream reply.
    expect(open.status).toBe(503);
    expect(open.code).toBe("circuit_open");
    const retryAfter = Number(open.headers?.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(chatPosts(gw.alpha)).toBe(2);

    const health = (await (await gw.fetch("/health/providers")).json()) as {
      providers: { id: string; status: string; circuit?: string }[];
    };
    expect(health.providers.find((p) => p.id === "alpha")).toMatchObject({
      status: "unhealthy",
      circuit: "open",
    });
    expect(
      metricValue(await gw.metrics(), "provider_circuit_breaker_state", { provider: "alpha" }),
    ).toBe(1);
  });

  it("skips a provider with an open circuit on the way to the next target", async () => {
    gw.alpha.on("POST", CHAT, fault.status(503));
    gw.beta.on(
      "POST",
      CHAT,
      wire.chatReply({
        id: "up-b",
        model: "beta-model-1",
        text: "beta answers",
        rawFinishReason: "stop",
        usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 },
      }),
    );
    const client = gw.client();
    for (let i = 0; i < 3; i++) {
      const { data, response } = await client.chat.completions
        .create({ model: "fast", messages })
        .withResponse();
      expect(data.choices[0]?.message.content).toBe("beta answers");
      expect(response.headers.get("x-oaat-provider")).toBe("beta");
      expect(response.headers.get("x-oaat-attempts")).toBe("2");
    }
    // The third request never reached alpha: its circuit opened after two failures.
    expect(chatPosts(gw.alpha)).toBe(2);
    expect(chatPosts(gw.beta)).toBe(3);
  });
});
