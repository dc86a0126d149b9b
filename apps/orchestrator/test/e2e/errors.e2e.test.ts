import { fault, openAIChatWire } from "@oss-ai-agent-tool/testkit";
import {
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  NotFoundError,
  RateLimitError,
} from "openai";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { apiErrorOf } from "../support/e2e-helpers.js";
import { startTestGateway, type TestGateway } from "../support/start-test-gateway.js";

const wire = openAIChatWire();
const CHAT = wire.routes.chat.path;
const MODEL = "alpha/alpha-model-1";
const messages = [{ role: "user" as const, content: "hi" }];

// A fresh gateway per test: failures feed the circuit breaker, which must not leak between tests.
let gw: TestGateway;
beforeEach(async () => {
  gw = await startTestGateway();
});
afterEach(async () => {
  await gw?.close();
});

const chat = () => gw.client().chat.completions.create({ model: MODEL, messages });

describe("errors reach the official client as its typed errors", () => {
  it("unknown provider → NotFoundError naming it, and no upstream is called", async () => {
    const err = await apiErrorOf(
      gw.client().chat.completions.create({ model: "nope/some-model", messages }),
    );
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.status).toBe(404);
    expect(err.code).toBe("model_not_found");
    expect(err.message).toContain('"nope"');
    expect(gw.alpha.requests.filter((r) => r.method === "POST")).toHaveLength(0);
    expect(gw.beta.requests.filter((r) => r.method === "POST")).toHaveLength(0);
  });

  it("bad input → BadRequestError whose message and param name the field", async () => {
    const err = await apiErrorOf(
      gw.client().chat.completions.create({ model: MODEL, messages, temperature: 7 }),
    );
    expect(err).toBeInstanceOf(BadRequestError);
    expect(err.status).toBe(400);
    expect(err.param).toBe("temperature");
    expect(err.message).toContain("temperature");
    expect(err.type).toBe("invalid_request_error");
    expect(gw.alpha.requests.filter((r) => r.method === "POST")).toHaveLength(0);
  });

  it("a bad role inside messages is named by its path", async () => {
    const err = await apiErrorOf(
      gw.client().chat.completions.create({
        model: MODEL,
        // The SDK's types forbid this; a JSON client can still send it.
        messages: [{ role: "wizard", content: "hi" } as never],
      }),
    );
    expect(err).toBeInstanceOf(BadRequestError);
    expect(err.param).toBe("messages[0].role");
    expect(err.message).toContain("messages[0].role");
  });

  it("upstream 429 with retry-after → RateLimitError carrying retry-after", async () => {
    gw.alpha.once(
      "POST",
      CHAT,
      wire.errorReply(429, "Rate limit reached for requests", { "retry-after": "7" }),
    );
    const err = await apiErrorOf(chat());
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err.status).toBe(429);
    expect(err.headers?.get("retry-after")).toBe("7");
    expect(err.headers?.get("retry-after-ms")).toBe("7000");
    expect(err.type).toBe("rate_limit_error");
    expect(err.message).toContain("Rate limit reached");
    expect(gw.alpha.requests.filter((r) => r.method === "POST")).toHaveLength(1);
  });

  it.each([500, 502, 503])("upstream %i → a 5xx APIError", async (status) => {
    gw.alpha.once("POST", CHAT, wire.errorReply(status, `upstream says ${status}`));
    const err = await apiErrorOf(chat());
    expect(err).toBeInstanceOf(InternalServerError);
    expect(err.status).toBe(502);
    expect(err.type).toBe("api_error");
    expect(err.message).toContain(`upstream says ${status}`);
  });

  it("upstream 401 → 502 upstream_auth_failed: the client's own key was fine", async () => {
    gw.alpha.once("POST", CHAT, wire.errorReply(401, "Incorrect API key provided"));
    const err = await apiErrorOf(chat());
    expect(err).not.toBeInstanceOf(AuthenticationError);
    expect(err).toBeInstanceOf(InternalServerError);
    expect(err.status).toBe(502);
    expect(err.code).toBe("upstream_auth_failed");
    // Retrying with the same gateway credentials cannot help.
    expect(err.headers?.get("x-should-retry")).toBe("false");
  });

  it("a non-retryable upstream 400 → 400, tried once, no fallback", async () => {
    gw.alpha.once(
      "POST",
      CHAT,
      wire.errorReply(400, "Invalid 'messages[0].content': string too long."),
    );
    const err = await apiErrorOf(chat());
    expect(err).toBeInstanceOf(BadRequestError);
    expect(err.status).toBe(400);
    expect(err.message).toContain("string too long");
    expect(gw.alpha.requests.filter((r) => r.method === "POST")).toHaveLength(1);
    expect(gw.beta.requests.filter((r) => r.method === "POST")).toHaveLength(0);
  });

  it("errors on streams before the first byte are typed too", async () => {
    gw.alpha.once(
      "POST",
      wire.routes.stream!.path,
      wire.errorReply(429, "slow down", { "retry-after": "3" }),
    );
    const err = await apiErrorOf(
      gw.client().chat.completions.create({ model: MODEL, messages, stream: true }),
    );
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err.headers?.get("retry-after")).toBe("3");
  });

  it("embeddings errors are mapped the same way", async () => {
    gw.alpha.once("POST", wire.routes.embed!.path, wire.errorReply(503, "embedder down"));
    const err = await apiErrorOf(
      gw.client().embeddings.create({ model: "alpha/alpha-embed-1", input: "x" }),
    );
    expect(err).toBeInstanceOf(InternalServerError);
    expect(err.status).toBe(502);

    gw.alpha.once("POST", wire.routes.embed!.path, fault.status(400));
    const bad = await apiErrorOf(
      gw.client().embeddings.create({ model: "alpha/alpha-embed-1", input: "x" }),
    );
    expect(bad).toBeInstanceOf(BadRequestError);
  });
});
