import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import {
  type ChatRequest,
  type ChatResponse,
  type ChatStreamEvent,
  defineProvider,
  type EmbedRequest,
  type ModelProvider,
  type ProviderCapabilities,
  type ProviderContext,
  ProviderError,
} from "@oss-ai-agent-tool/core";
import { collectEvents } from "@oss-ai-agent-tool/testkit";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Gateway } from "../../src/gateway/create-gateway.js";
import { chatResponseToEvents } from "../../src/routing/chat-response-to-events.js";
import { type RouteContext, shouldFallBack } from "../../src/routing/router.js";
import {
  makeTempDir,
  registerTestPlugin,
  removeTempDir,
  TEST_PLUGINS_DIR,
  writeCountingPlugin,
} from "../discovery/temp-packages.js";
import { buildTestGateway } from "../plugins-host/build-test-gateway.js";
import { providerErrorOf } from "../support/provider-doubles.js";

// The router is exercised with small in-memory providers: real plugins (a
// manifest, an entry module, `defineProvider`) whose behaviour each test
// scripts. They stand in for a plugin, not for any provider SDK.

type ChatScript = (req: ChatRequest, ctx?: ProviderContext) => Promise<ChatResponse>;
type StreamScript = (req: ChatRequest, ctx?: ProviderContext) => AsyncIterable<ChatStreamEvent>;
interface Script {
  chat?: ChatScript;
  stream?: StreamScript;
}

const ALL: ProviderCapabilities = {
  chat: true,
  stream: true,
  tools: true,
  embeddings: true,
  vision: true,
  responseFormat: true,
  reasoning: false,
};
const CHAT_ONLY: ProviderCapabilities = { ...ALL, tools: false, embeddings: false, vision: false };
const CAPS: Record<string, ProviderCapabilities> = {
  a: ALL,
  b: ALL,
  c: CHAT_ONLY,
  nostream: { ...CHAT_ONLY, stream: false },
};

/** Calls the providers received, in order. */
const calls: Array<{ provider: string; op: string; req: ChatRequest | EmbedRequest }> = [];
const scripts = new Map<string, Script>();

function reply(provider: string, req: ChatRequest, text = `from ${provider}`): ChatResponse {
  return {
    id: `${provider}-1`,
    provider,
    model: req.model ?? `${provider}-default`,
    output: text,
    finishReason: "stop",
    usage: { promptTokens: 2, completionTokens: 3, totalTokens: 5 },
  };
}

async function* textStream(provider: string, req: ChatRequest): AsyncGenerator<ChatStreamEvent> {
  yield { type: "text-delta", delta: `${provider}:` };
  yield { type: "text-delta", delta: req.model ?? "default" };
  yield { type: "finish", finishReason: "stop", model: req.model ?? `${provider}-default` };
}

function scriptedProvider(id: string): ModelProvider {
  const caps = CAPS[id] as ProviderCapabilities;
  const provider: ModelProvider = {
    id,
    capabilities: caps,
    chat(req, ctx) {
      calls.push({ provider: id, op: "chat", req });
      const run = scripts.get(id)?.chat;
      return run ? run(req, ctx) : Promise.resolve(reply(id, req));
    },
    embed: async (req) => {
      calls.push({ provider: id, op: "embed", req });
      return { provider: id, model: req.model ?? "e", embeddings: [[1, 2]] };
    },
  };
  if (caps.stream) {
    provider.stream = (req, ctx) => {
      calls.push({ provider: id, op: "stream", req });
      const run = scripts.get(id)?.stream;
      return run ? run(req, ctx) : textStream(id, req);
    };
  }
  return provider;
}

function upstreamError(provider: string, status: number, retryable = status >= 500) {
  return new ProviderError(`${provider} says ${status}`, {
    status,
    code: `upstream_${status}`,
    provider,
    retryable,
  });
}

let tmp: string;
let gateway: Gateway;

function ctx(overrides: Partial<RouteContext> = {}): RouteContext {
  return {
    signal: new AbortController().signal,
    deadline: Date.now() + 5_000,
    requestId: "req-test",
    ...overrides,
  };
}

const hi: ChatRequest = { messages: [{ role: "user", content: "hi" }] };

const snapshot = (id: string) => gateway.health.for(id).window.snapshot();

beforeAll(async () => {
  tmp = await makeTempDir("router");
  for (const id of Object.keys(CAPS)) {
    const caps = CAPS[id] as ProviderCapabilities;
    await writeCountingPlugin(path.join(tmp, id), id, {
      capabilities: {
        chat: caps.chat,
        stream: caps.stream,
        tools: caps.tools,
        embeddings: caps.embeddings,
        vision: caps.vision,
        responseFormat: caps.responseFormat,
      },
    });
    registerTestPlugin(
      id,
      defineProvider(() => scriptedProvider(id)),
    );
  }
});

beforeEach(async () => {
  calls.length = 0;
  scripts.clear();
  const built = await buildTestGateway(
    {
      plugins: [
        ...Object.keys(CAPS).map((id) => `./${id}`),
        path.join(TEST_PLUGINS_DIR, "import-fails"),
      ],
      routing: { circuitBreaker: { failureThreshold: 2, cooldownMs: 60_000 } },
    },
    { baseDir: tmp },
  );
  gateway = built.gateway;
});

afterEach(async () => {
  await gateway.close();
});

afterAll(async () => {
  await removeTempDir(tmp);
});

describe("Router.chat: fallback", () => {
  it("answers from the first target and records the success", async () => {
    const routed = await gateway.router.chat(
      [
        { provider: "a", model: "m1" },
        { provider: "b", model: "m2" },
      ],
      hi,
      ctx(),
    );
    expect(routed.value.output).toBe("from a");
    expect(routed.value.model).toBe("m1");
    expect(routed.target).toEqual({ provider: "a", model: "m1" });
    expect(routed.attempts).toEqual([{ provider: "a", model: "m1" }]);
    expect(calls.map((c) => c.provider)).toEqual(["a"]);
    expect(snapshot("a")).toMatchObject({ requests: 1, errors: 0 });
  });

  it("falls back on a retryable failure and records it against the failing provider", async () => {
    scripts.set("a", { chat: async () => Promise.reject(upstreamError("a", 429, true)) });
    const routed = await gateway.router.chat([{ provider: "a" }, { provider: "b" }], hi, ctx());
    expect(routed.value.output).toBe("from b");
    expect(routed.attempts).toEqual([
      { provider: "a", status: 429, code: "upstream_429" },
      { provider: "b" },
    ]);
    expect(snapshot("a")).toMatchObject({ requests: 1, errors: 1 });
    expect(gateway.health.for("a").lastError.value).toMatchObject({ status: 429 });
    expect(snapshot("b")).toMatchObject({ requests: 1, errors: 0 });
  });

  it.each([401, 403, 404, 503])(
    "falls back on a non-retryable %i (another provider may have it)",
    async (status) => {
      scripts.set("a", { chat: async () => Promise.reject(upstreamError("a", status, false)) });
      const routed = await gateway.router.chat([{ provider: "a" }, { provider: "b" }], hi, ctx());
      expect(routed.target.provider).toBe("b");
      expect(calls.map((c) => c.provider)).toEqual(["a", "b"]);
    },
  );

  it("does not fall back on a 400: the request itself is wrong", async () => {
    scripts.set("a", { chat: async () => Promise.reject(upstreamError("a", 400, false)) });
    const err = await providerErrorOf(
      gateway.router.chat([{ provider: "a" }, { provider: "b" }], hi, ctx()),
    );
    expect(err).toMatchObject({ status: 400, code: "upstream_400", message: "a says 400" });
    expect(calls.map((c) => c.provider)).toEqual(["a"]);
  });

  it("does not fall back when the client went away (499)", async () => {
    const controller = new AbortController();
    scripts.set("a", {
      chat: async () => {
        controller.abort();
        throw new ProviderError("client closed", {
          status: 499,
          code: "aborted",
          provider: "a",
          retryable: false,
        });
      },
    });
    const err = await providerErrorOf(
      gateway.router.chat(
        [{ provider: "a" }, { provider: "b" }],
        hi,
        ctx({ signal: controller.signal }),
      ),
    );
    expect(err.status).toBe(499);
    expect(calls.map((c) => c.provider)).toEqual(["a"]);
    // An abort says nothing about the provider.
    expect(snapshot("a")).toMatchObject({ requests: 0, errors: 0 });
  });

  it("tries nothing for a request whose client is already gone", async () => {
    const controller = new AbortController();
    controller.abort();
    const err = await providerErrorOf(
      gateway.router.chat([{ provider: "a" }], hi, ctx({ signal: controller.signal })),
    );
    expect(err).toMatchObject({ status: 499, code: "aborted" });
    expect(calls).toEqual([]);
  });

  it("summarizes every target tried when all fail, keeping the last status", async () => {
    scripts.set("a", { chat: async () => Promise.reject(upstreamError("a", 500)) });
    scripts.set("b", { chat: async () => Promise.reject(upstreamError("b", 503)) });
    const err = await providerErrorOf(
      gateway.router.chat(
        [
          { provider: "a", model: "x" },
          { provider: "b", model: "y" },
        ],
        hi,
        ctx(),
      ),
    );
    expect(err).toMatchObject({ status: 503, code: "upstream_503", retryable: true });
    expect(err.message).toBe(
      "b says 503 (targets tried: a/x: 500 upstream_500; b/y: 503 upstream_503)",
    );
  });

  it("skips a provider that cannot load and uses the next", async () => {
    const routed = await gateway.router.chat(
      [{ provider: "import-fails" }, { provider: "a" }],
      hi,
      ctx(),
    );
    expect(routed.target.provider).toBe("a");
    expect(routed.attempts[0]).toEqual({
      provider: "import-fails",
      skipped: "provider_broken",
      status: 503,
    });
  });

  it("sends the target's model, and the provider's default when the target names none", async () => {
    await gateway.router.chat(
      [{ provider: "a", model: "m-x" }],
      { ...hi, model: "ignored" },
      ctx(),
    );
    await gateway.router.chat([{ provider: "a" }], { ...hi, model: "client-model" }, ctx());
    expect(calls.map((c) => (c.req as ChatRequest).model)).toEqual(["m-x", undefined]);
  });

  it("puts passthrough parameters in providerOptions[<provider id>], the request's own winning", async () => {
    scripts.set("a", { chat: async () => Promise.reject(upstreamError("a", 500)) });
    const passthrough = { logit_bias: { "50256": -100 }, service_tier: "flex" };
    await gateway.router.chat(
      [{ provider: "a" }, { provider: "b" }],
      { ...hi, providerOptions: { b: { service_tier: "priority" } } },
      ctx(),
      passthrough,
    );
    const [toA, toB] = calls.map((c) => (c.req as ChatRequest).providerOptions);
    expect(toA?.a).toEqual(passthrough);
    expect(toB?.b).toEqual({ logit_bias: { "50256": -100 }, service_tier: "priority" });
    expect(toB?.a).toBeUndefined();
  });
});

describe("Router: circuit breaker", () => {
  async function openCircuit(id: string) {
    scripts.set(id, { chat: async () => Promise.reject(upstreamError(id, 500)) });
    for (let i = 0; i < 2; i++)
      await providerErrorOf(gateway.router.chat([{ provider: id }], hi, ctx()));
    expect(gateway.health.for(id).breaker.state).toBe("open");
    scripts.delete(id);
    calls.length = 0;
  }

  it("skips a provider whose circuit is open", async () => {
    await openCircuit("a");
    const routed = await gateway.router.chat([{ provider: "a" }, { provider: "b" }], hi, ctx());
    expect(routed.target.provider).toBe("b");
    expect(routed.attempts[0]).toEqual({ provider: "a", skipped: "circuit_open" });
    expect(calls.map((c) => c.provider)).toEqual(["b"]);
  });

  it("answers 503 circuit_open with a retry-after when every target's circuit is open", async () => {
    await openCircuit("a");
    await openCircuit("b");
    const err = await providerErrorOf(
      gateway.router.chat([{ provider: "a" }, { provider: "b" }], hi, ctx()),
    );
    expect(err).toMatchObject({ status: 503, code: "circuit_open", retryable: true });
    expect(err.retryAfterMs).toBeGreaterThan(59_000);
    expect(err.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(calls).toEqual([]);
  });

  it("does not count a client mistake against the provider", async () => {
    scripts.set("a", { chat: async () => Promise.reject(upstreamError("a", 400, false)) });
    for (let i = 0; i < 3; i++)
      await providerErrorOf(gateway.router.chat([{ provider: "a" }], hi, ctx()));
    expect(gateway.health.for("a").breaker.state).toBe("closed");
  });
});

describe("Router: capabilities", () => {
  const withTools: ChatRequest = {
    ...hi,
    tools: [{ name: "lookup", parameters: { type: "object", properties: {} } }],
  };
  const withImage: ChatRequest = {
    messages: [
      {
        role: "user",
        content: [
          { type: "text", text: "what is this?" },
          { type: "image", url: "https://example.com/cat.png" },
        ],
      },
    ],
  };

  it.each([
    ["tools", withTools],
    ["vision", withImage],
  ])("skips a target without %s and uses the next", async (capability, req) => {
    const routed = await gateway.router.chat([{ provider: "c" }, { provider: "a" }], req, ctx());
    expect(routed.target.provider).toBe("a");
    expect(routed.attempts[0]).toEqual({ provider: "c", skipped: `no ${capability} capability` });
    expect(calls.map((c) => c.provider)).toEqual(["a"]);
  });

  it("answers 400 when no target can serve the request", async () => {
    const err = await providerErrorOf(
      gateway.router.chat([{ provider: "c" }, { provider: "nostream" }], withTools, ctx()),
    );
    expect(err).toMatchObject({ status: 400, code: "unsupported_capability" });
    expect(err.message).toBe(
      "no target can serve this chat request (c: no tools capability; nostream: no tools capability)",
    );
    expect(calls).toEqual([]);
  });

  it("routes embeddings only to providers that declare them", async () => {
    const routed = await gateway.router.embed(
      [{ provider: "c" }, { provider: "b", model: "emb" }],
      { input: ["x"] },
      ctx(),
    );
    expect(routed.value).toMatchObject({ provider: "b", model: "emb" });
    expect(routed.attempts[0]).toEqual({ provider: "c", skipped: "no embeddings capability" });
    const err = await providerErrorOf(
      gateway.router.embed([{ provider: "c" }], { input: ["x"] }, ctx()),
    );
    expect(err).toMatchObject({ status: 400, code: "unsupported_capability" });
  });
});

describe("Router: deadline", () => {
  it("stops falling back once the deadline has passed", async () => {
    scripts.set("a", {
      chat: async () => {
        await sleep(60);
        throw upstreamError("a", 503);
      },
    });
    const err = await providerErrorOf(
      gateway.router.chat(
        [{ provider: "a" }, { provider: "b" }],
        hi,
        ctx({ deadline: Date.now() + 20 }),
      ),
    );
    expect(err).toMatchObject({ status: 503, message: "a says 503" });
    expect(calls.map((c) => c.provider)).toEqual(["a"]);
  });

  it("answers 504 when the deadline passed before any target was tried", async () => {
    const err = await providerErrorOf(
      gateway.router.chat([{ provider: "a" }], hi, ctx({ deadline: Date.now() - 1 })),
    );
    expect(err).toMatchObject({ status: 504, code: "deadline_exceeded", retryable: true });
    expect(calls).toEqual([]);
  });

  it("hands the deadline and request id to the provider", async () => {
    let seen: ProviderContext | undefined;
    scripts.set("a", {
      chat: async (req, c) => {
        seen = c;
        return reply("a", req);
      },
    });
    const deadline = Date.now() + 1_234;
    await gateway.router.chat([{ provider: "a" }], hi, { ...ctx({ deadline }), tenantId: "t1" });
    expect(seen).toMatchObject({ deadline, requestId: "req-test", tenantId: "t1" });
    expect(seen?.signal).toBeInstanceOf(AbortSignal);
  });
});

describe("Router.stream", () => {
  it("falls back when a stream fails before its first event", async () => {
    scripts.set("a", {
      // biome-ignore lint/correctness/useYield: fails before yielding anything, on purpose
      stream: async function* () {
        throw upstreamError("a", 502);
      },
    });
    const routed = await gateway.router.stream(
      [{ provider: "a" }, { provider: "b", model: "bm" }],
      hi,
      ctx(),
    );
    expect(routed.target).toEqual({ provider: "b", model: "bm" });
    expect(routed.attempts).toEqual([
      { provider: "a", status: 502, code: "upstream_502" },
      { provider: "b", model: "bm" },
    ]);
    const events = await collectEvents(routed.events);
    expect(events.map((e) => (e.type === "text-delta" ? e.delta : e.type))).toEqual([
      "b:",
      "bm",
      "finish",
    ]);
  });

  it("does not fall back once an event has been produced; the error reaches the consumer", async () => {
    scripts.set("a", {
      stream: async function* () {
        yield { type: "text-delta", delta: "partial" };
        throw upstreamError("a", 502);
      },
    });
    const routed = await gateway.router.stream([{ provider: "a" }, { provider: "b" }], hi, ctx());
    const seen: ChatStreamEvent[] = [];
    const err = await (async () => {
      for await (const e of routed.events) seen.push(e);
    })().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(seen).toEqual([{ type: "text-delta", delta: "partial" }]);
    expect(err).toMatchObject({ status: 502 });
    expect(calls.map((c) => c.provider)).toEqual(["a"]);
    // Recorded when the stream ended, as a failure.
    expect(snapshot("a")).toMatchObject({ requests: 1, errors: 1 });
  });

  it("records a stream's success only when it ends", async () => {
    const routed = await gateway.router.stream([{ provider: "a" }], hi, ctx());
    expect(snapshot("a")).toMatchObject({ requests: 0 });
    await collectEvents(routed.events);
    expect(snapshot("a")).toMatchObject({ requests: 1, errors: 0 });
  });

  it("records nothing when the consumer stops early, and closes the provider's stream", async () => {
    let closed = false;
    scripts.set("a", {
      stream: async function* () {
        try {
          yield { type: "text-delta", delta: "one" };
          yield { type: "text-delta", delta: "two" };
        } finally {
          closed = true;
        }
      },
    });
    const routed = await gateway.router.stream([{ provider: "a" }], hi, ctx());
    for await (const _ of routed.events) break;
    expect(closed).toBe(true);
    expect(snapshot("a")).toMatchObject({ requests: 0, errors: 0 });
    expect(gateway.health.for("a").breaker.state).toBe("closed");
  });

  it("emulates a stream for a provider without streaming, from its whole reply", async () => {
    scripts.set("nostream", {
      chat: async (req) => ({
        ...reply("nostream", req, "whole answer"),
        rawFinishReason: "end_turn",
      }),
    });
    const routed = await gateway.router.stream([{ provider: "nostream", model: "n1" }], hi, ctx());
    expect(calls.map((c) => c.op)).toEqual(["chat"]);
    const events = await collectEvents(routed.events);
    expect(events).toEqual([
      { type: "text-delta", delta: "whole answer" },
      { type: "usage", usage: { promptTokens: 2, completionTokens: 3, totalTokens: 5 } },
      {
        type: "finish",
        finishReason: "stop",
        id: "nostream-1",
        model: "n1",
        rawFinishReason: "end_turn",
      },
    ]);
    expect(snapshot("nostream")).toMatchObject({ requests: 1, errors: 0 });
  });

  it("falls back from a provider without streaming whose whole reply fails", async () => {
    scripts.set("nostream", { chat: async () => Promise.reject(upstreamError("nostream", 500)) });
    const routed = await gateway.router.stream(
      [{ provider: "nostream" }, { provider: "a" }],
      hi,
      ctx(),
    );
    expect(routed.target.provider).toBe("a");
    expect((await collectEvents(routed.events)).at(-1)?.type).toBe("finish");
  });
});

describe("shouldFallBack", () => {
  const err = (status: number, retryable: boolean) =>
    new ProviderError("x", { status, provider: "p", retryable });
  it.each([
    [500, true, true],
    [429, true, true],
    [502, false, false],
    [401, false, true],
    [403, false, true],
    [404, false, true],
    [503, false, true],
    [400, false, false],
    [422, false, false],
    [499, true, false],
  ])("status %i retryable %s → %s", (status, retryable, expected) => {
    expect(shouldFallBack(err(status, retryable))).toBe(expected);
  });
});

describe("chatResponseToEvents", () => {
  it("replays a whole reply in the stream contract's order", () => {
    const events = chatResponseToEvents({
      id: "r1",
      provider: "p",
      model: "m",
      output: "text",
      reasoning: "thinking",
      toolCalls: [
        { id: "call_1", name: "f", arguments: '{"a":1}' },
        { id: "call_2", name: "g", arguments: "{}" },
      ],
      finishReason: "tool_calls",
      usage: { promptTokens: 1, completionTokens: 2, totalTokens: 3 },
    });
    expect(events.map((e) => e.type)).toEqual([
      "reasoning-delta",
      "text-delta",
      "tool-call-start",
      "tool-call-delta",
      "tool-call-end",
      "tool-call-start",
      "tool-call-delta",
      "tool-call-end",
      "usage",
      "finish",
    ]);
    expect(events[6]).toEqual({
      type: "tool-call-delta",
      index: 1,
      id: "call_2",
      argumentsDelta: "{}",
    });
    expect(events.at(-1)).toEqual({
      type: "finish",
      finishReason: "tool_calls",
      id: "r1",
      model: "m",
    });
  });

  it("sends only the finish for an empty reply", () => {
    expect(
      chatResponseToEvents({
        id: "r",
        provider: "p",
        model: "m",
        output: "",
        finishReason: "stop",
      }),
    ).toEqual([{ type: "finish", finishReason: "stop", id: "r", model: "m" }]);
  });
});
