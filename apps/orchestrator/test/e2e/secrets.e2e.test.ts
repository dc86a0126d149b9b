import { type MockUpstream, openAIChatWire, sse } from "@oss-ai-agent-tool/testkit";
import { APIError } from "openai";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { apiErrorOf } from "../support/e2e-helpers.js";
import { startTestGateway, TEST_SECRETS, type TestGateway } from "../support/start-test-gateway.js";

const wire = openAIChatWire();
const CHAT = wire.routes.chat.path;
const STREAM = wire.routes.stream!.path;
const SECRETS = Object.values(TEST_SECRETS);
const messages = [{ role: "user" as const, content: "hi" }];

let gw: TestGateway;
beforeEach(async () => {
  gw = await startTestGateway({
    config: () => ({
      routing: { aliases: { fast: ["alpha/alpha-model-1", "beta/beta-model-1"] } },
    }),
  });
});
afterEach(async () => {
  await gw?.close();
});

const echo = (key: string) => `Incorrect API key provided: ${key}. You can find your key at ...`;

function expectNoSecret(where: string, text: string): void {
  for (const secret of SECRETS) {
    expect(text.includes(secret), `${where} contains a test secret`).toBe(false);
    // A fragment long enough to identify the key counts as a leak too.
    expect(text.includes(secret.slice(0, 24)), `${where} contains part of a test secret`).toBe(
      false,
    );
  }
}

function errorText(err: APIError): string {
  return `${err.message}\n${JSON.stringify(err.error)}`;
}

/** The keys really went upstream, so their absence below is redaction, not luck. */
function expectSentKey(upstream: MockUpstream, key: string): void {
  expect(upstream.requests.some((r) => wire.credentialOf(r) === key)).toBe(true);
}

describe("secrets never leak", () => {
  it("from upstream errors that echo the gateway's keys: error bodies, health, metrics and logs", async () => {
    // Non-streamed, through a fallback, so both upstream messages reach the final error.
    gw.alpha.once("POST", CHAT, wire.errorReply(401, echo(TEST_SECRETS.ALPHA_API_KEY)));
    gw.beta.once("POST", CHAT, wire.errorReply(401, echo(TEST_SECRETS.BETA_API_KEY)));
    const chatErr = await apiErrorOf(
      gw.client().chat.completions.create({ model: "fast", messages }),
    );
    expect(chatErr.status).toBe(502);
    expect(chatErr.code).toBe("upstream_auth_failed");
    expect(chatErr.message).toContain("Incorrect API key provided");
    expectNoSecret("chat error", errorText(chatErr));
    expectSentKey(gw.alpha, TEST_SECRETS.ALPHA_API_KEY);
    expectSentKey(gw.beta, TEST_SECRETS.BETA_API_KEY);

    // The raw body, not only what the SDK made of it.
    gw.alpha.once("POST", CHAT, wire.errorReply(400, echo(TEST_SECRETS.ALPHA_API_KEY)));
    const raw = await gw.postJson("/v1/chat/completions", {
      model: "alpha/alpha-model-1",
      messages,
    });
    expect(raw.status).toBe(400);
    const rawText = await raw.text();
    expect(rawText).toContain("Incorrect API key provided");
    expectNoSecret("raw error body", rawText);

    // Streamed: refused before the first byte, and an error event after content.
    gw.alpha.once("POST", STREAM, wire.errorReply(401, echo(TEST_SECRETS.ALPHA_API_KEY)));
    const streamErr = await apiErrorOf(
      gw.client().chat.completions.create({ model: "alpha/alpha-model-1", messages, stream: true }),
    );
    expectNoSecret("stream error", errorText(streamErr));

    gw.alpha.once(
      "POST",
      STREAM,
      sse([
        {
          data: {
            id: "c",
            object: "chat.completion.chunk",
            created: 1,
            model: "alpha-model-1",
            choices: [
              { index: 0, delta: { role: "assistant", content: "Hi" }, finish_reason: null },
            ],
          },
        },
        {
          data: {
            error: { message: echo(TEST_SECRETS.ALPHA_API_KEY), type: "server_error", code: null },
          },
        },
      ]),
    );
    const midStream = await gw
      .client()
      .chat.completions.create({ model: "alpha/alpha-model-1", messages, stream: true });
    let midErr: unknown;
    let text = "";
    try {
      for await (const chunk of midStream) text += chunk.choices[0]?.delta.content ?? "";
    } catch (e) {
      midErr = e;
    }
    expect(text).toBe("Hi");
    expect(midErr).toBeInstanceOf(APIError);
    expect((midErr as APIError).message).toContain("Incorrect API key provided");
    expectNoSecret("mid-stream error event", errorText(midErr as APIError));

    // Embeddings.
    gw.alpha.once(
      "POST",
      wire.routes.embed!.path,
      wire.errorReply(401, echo(TEST_SECRETS.ALPHA_API_KEY)),
    );
    const embedErr = await apiErrorOf(
      gw.client().embeddings.create({ model: "alpha/alpha-embed-1", input: "x" }),
    );
    expectNoSecret("embeddings error", errorText(embedErr));

    // Probes that fail with the key in the body, then the health report with its last errors.
    gw.alpha.on("GET", /\/models$/, wire.errorReply(401, echo(TEST_SECRETS.ALPHA_API_KEY)));
    gw.beta.on("GET", /\/models$/, wire.errorReply(401, echo(TEST_SECRETS.BETA_API_KEY)));
    const health = await gw.fetch("/health/providers?test=true");
    const healthText = await health.text();
    expect(healthText).toContain('"lastError"');
    expect(healthText).toContain("Incorrect API key provided");
    expectNoSecret("/health/providers", healthText);

    // Native /chat errors go through the same mapping.
    gw.alpha.once("POST", CHAT, wire.errorReply(401, echo(TEST_SECRETS.ALPHA_API_KEY)));
    const native = await gw.postJson("/chat", { provider: "alpha", messages });
    expect(native.status).toBe(502);
    expectNoSecret("/chat error", await native.text());

    const metrics = await gw.metrics();
    expect(metrics).toContain('provider_errors_total{provider="alpha"');
    expectNoSecret("/metrics", metrics);

    const log = gw.logText();
    // The failures were logged, the keys were not.
    expect(log).toContain("Incorrect API key provided");
    expectNoSecret("log", log);
  });

  it("never logs the client's own bearer token", async () => {
    const clientKey = "sk-client-own-key-1234567890abcdef";
    gw.alpha.once("POST", CHAT, wire.errorReply(500, "upstream exploded"));
    await apiErrorOf(
      gw.client({ apiKey: clientKey }).chat.completions.create({
        model: "alpha/alpha-model-1",
        messages,
      }),
    );
    // The client's key is the client's: it must not be forwarded upstream either.
    expect(gw.alpha.requests.some((r) => r.body.includes(clientKey))).toBe(false);
    expect(
      gw.alpha.requests.some((r) => Object.values(r.headers).join(" ").includes(clientKey)),
    ).toBe(false);
    expect(gw.logText()).toContain("request completed");
    expect(gw.logText()).not.toContain(clientKey);
  });
});
