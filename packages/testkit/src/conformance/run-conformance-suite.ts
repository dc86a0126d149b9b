import {
  type ChatRequest,
  type ChatStreamEvent,
  isProviderError,
  type ModelProvider,
  type PluginManifestInput,
  type ProviderPlugin,
  pluginManifestSchema,
  type ToolCall,
} from "@oss-ai-agent-tool/core";
import { afterEach, describe, expect, it } from "vitest";
import { fault } from "../mock-upstream/index.js";
import { collectEvents, rejectionOf } from "../provider-test-helpers.js";
import {
  type Harness,
  type HarnessOverrides,
  metricValue,
  startHarness,
} from "./conformance-harness.js";
import type { ChatScenario, WireAdapter } from "./wire-adapter.js";

/** What a provider package passes to {@link runConformanceSuite}. */
export interface ConformanceOptions<TSettings> {
  /** The default export of the plugin's entry module. */
  plugin: ProviderPlugin<TSettings>;
  /** The `"oaat"` field of the plugin's `package.json`. */
  manifest: PluginManifestInput;
  /** Encodes scenarios in the provider's wire format. */
  wire: WireAdapter;
  /** Settings that point the provider at the mock upstream, applying the overrides. */
  settings(upstreamUrl: string, overrides: HarnessOverrides): TSettings;
  /** Chat model to request; default `conformance-model`. */
  model?: string;
  embeddingModel?: string;
}

const SECRET_PREFIX = "oaat-conformance-secret";

const hello: ChatRequest["messages"] = [
  { role: "system", content: "You are terse." },
  { role: "user", content: "Say hello." },
];

const weatherTool = {
  name: "get_weather",
  description: "Current weather for a city",
  parameters: {
    type: "object",
    properties: { city: { type: "string" }, unit: { type: "string", enum: ["c", "f"] } },
    required: ["city"],
    additionalProperties: false,
  },
};

const toolCall: ToolCall = {
  id: "call_conf_1",
  name: "get_weather",
  arguments: '{"city":"Zürich","unit":"c"}',
};

/** The provider's stream; fails the test if the provider declares streaming but has none. */
function streamOf(provider: ModelProvider, req: ChatRequest): AsyncIterable<ChatStreamEvent> {
  if (!provider.stream) throw new Error(`${provider.id} declares streaming but has no stream()`);
  return provider.stream(req);
}

/**
 * The conformance suite every provider runs with one call. It builds the
 * provider as the orchestrator does, talks to it through its official SDK
 * over real HTTP against a mock upstream speaking the provider's wire format,
 * and checks each behaviour the manifest declares: chat, streaming with
 * usage, tools in both modes, embeddings, finish-reason mapping, error
 * normalization, retries honouring Retry-After, timeout, abort, the egress
 * block, credential rotation with its metric, empty replies, and that no
 * secret reaches an error or a log.
 */
export function runConformanceSuite<TSettings>(options: ConformanceOptions<TSettings>): void {
  const manifest = pluginManifestSchema.parse(options.manifest);
  const { wire } = options;
  const model = options.model ?? "conformance-model";
  const caps = manifest.capabilities;
  const credentials = Object.fromEntries(
    manifest.credentials.map((c, i) => [
      c.key,
      `${SECRET_PREFIX}-${i}-${c.key.replace(/\W/g, "")}-v1`,
    ]),
  );
  const secretValues = () => Object.values(credentials);
  const scenario = (patch: Partial<ChatScenario> = {}): ChatScenario => ({
    id: "resp_conformance_1",
    model,
    text: "Hello there, friend 👋",
    rawFinishReason: wire.stopReason,
    usage: {
      promptTokens: 11,
      completionTokens: 7,
      totalTokens: 18,
      cachedPromptTokens: 3,
      reasoningTokens: 2,
    },
    ...patch,
  });

  let harness: Harness | undefined;
  const start = async (opts: Parameters<typeof startHarness>[1] = {}) => {
    harness = await startHarness(
      { plugin: options.plugin, manifest, settings: options.settings, credentials },
      { overrides: { retryAttempts: 3, ...opts.overrides }, ...opts },
    );
    return harness;
  };
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  const assertNoSecrets = (h: Harness, ...texts: string[]) => {
    const haystack = [...texts, h.logger.text()].join("\n");
    for (const secret of secretValues()) expect(haystack).not.toContain(secret);
  };

  describe(`conformance: ${manifest.id}`, () => {
    describe("manifest", () => {
      it("has a valid manifest whose id and capabilities match the provider", async () => {
        const h = await start();
        expect(h.provider.id).toBe(manifest.id);
        expect(h.provider.capabilities).toEqual(manifest.capabilities);
        expect(typeof h.provider.stream === "function").toBe(caps.stream);
        expect(typeof h.provider.embed === "function").toBe(caps.embeddings);
      });
    });

    describe("chat", () => {
      it("maps a plain reply: text, id, model, finish reason and usage, and sends the credential", async () => {
        const h = await start();
        h.upstream.on(wire.routes.chat.method, wire.routes.chat.path, wire.chatReply(scenario()));
        const res = await h.provider.chat({
          model,
          messages: hello,
          temperature: 0.2,
          maxTokens: 64,
        });
        expect(res).toMatchObject({
          provider: manifest.id,
          output: "Hello there, friend 👋",
          finishReason: "stop",
          rawFinishReason: wire.stopReason,
        });
        expect(res.id.length).toBeGreaterThan(0);
        expect(res.model.length).toBeGreaterThan(0);
        expect(res.usage).toMatchObject({ promptTokens: 11, completionTokens: 7, totalTokens: 18 });
        if (wire.usageDetail)
          expect(res.usage).toMatchObject({ cachedPromptTokens: 3, reasoningTokens: 2 });
        expect(h.upstream.requests).toHaveLength(1);
        const sent = h.upstream.requests[0];
        if (manifest.credentials.length > 0 && sent) {
          expect(wire.credentialOf(sent)).toBe(credentials[manifest.credentials[0]?.key ?? ""]);
        }
        expect(
          await metricValue(h.registry, "provider_requests_total", { provider: manifest.id }),
        ).toBe(1);
        expect(await metricValue(h.registry, "provider_active_requests")).toBe(0);
        expect(await metricValue(h.registry, "provider_token_usage_total", { type: "total" })).toBe(
          18,
        );
      });

      it.each(wire.finishReasons.map(([raw, expected]) => [raw, expected]))(
        "maps finish reason %s to %s and keeps the raw value",
        async (raw, expected) => {
          const h = await start();
          const withTools = expected === "tool_calls";
          h.upstream.on(
            wire.routes.chat.method,
            wire.routes.chat.path,
            wire.chatReply(
              scenario({
                rawFinishReason: raw,
                ...(withTools ? { toolCalls: [toolCall], text: "" } : {}),
              }),
            ),
          );
          const res = await h.provider.chat({
            model,
            messages: hello,
            ...(withTools ? { tools: [weatherTool] } : {}),
          });
          expect(res.finishReason).toBe(expected);
          expect(res.rawFinishReason).toBe(raw);
        },
      );

      it("turns an empty reply into an error rather than an empty success", async () => {
        const h = await start();
        h.upstream.on(
          wire.routes.chat.method,
          wire.routes.chat.path,
          wire.chatReply(scenario({ text: "" })),
        );
        const err = await rejectionOf(h.provider.chat({ model, messages: hello }));
        expect(err).toMatchObject({ code: "empty_response", provider: manifest.id });
      });
    });

    describe.skipIf(!caps.tools)("tools", () => {
      it("returns tool calls with their arguments as a JSON string", async () => {
        const h = await start();
        h.upstream.on(
          wire.routes.chat.method,
          wire.routes.chat.path,
          wire.chatReply(
            scenario({ text: "", toolCalls: [toolCall], rawFinishReason: wire.toolCallsReason }),
          ),
        );
        const res = await h.provider.chat({
          model,
          messages: [{ role: "user", content: "Weather in Zürich?" }],
          tools: [weatherTool],
          toolChoice: "auto",
        });
        expect(res.finishReason).toBe("tool_calls");
        expect(res.toolCalls).toHaveLength(1);
        expect(res.toolCalls?.[0]?.name).toBe("get_weather");
        expect(JSON.parse(res.toolCalls?.[0]?.arguments ?? "")).toEqual({
          city: "Zürich",
          unit: "c",
        });
        expect(h.upstream.requests[0]?.body).toContain("get_weather");
      });

      it("sends a tool result back in a follow-up turn", async () => {
        const h = await start();
        h.upstream.on(
          wire.routes.chat.method,
          wire.routes.chat.path,
          wire.chatReply(scenario({ text: "It is 21 °C." })),
        );
        const res = await h.provider.chat({
          model,
          tools: [weatherTool],
          messages: [
            { role: "user", content: "Weather in Zürich?" },
            { role: "assistant", content: null, toolCalls: [toolCall] },
            { role: "tool", toolCallId: toolCall.id, name: toolCall.name, content: '{"temp":21}' },
          ],
        });
        expect(res.output).toBe("It is 21 °C.");
        const body = h.upstream.requests[0]?.body ?? "";
        expect(body).toContain(toolCall.id);
        expect(body).toContain("temp");
      });
    });

    describe.skipIf(!caps.stream)("streaming", () => {
      it("streams text deltas, then usage, then finish last; records time to first token", async () => {
        const h = await start();
        const route = wire.routes.stream ?? wire.routes.chat;
        h.upstream.on(
          route.method,
          route.path,
          wire.streamReply?.(scenario()) ?? fault.status(500),
        );
        const events = await collectEvents(streamOf(h.provider, { model, messages: hello }));
        const text = events.flatMap((e) => (e.type === "text-delta" ? [e.delta] : [])).join("");
        expect(text).toBe("Hello there, friend 👋");
        expect(events.at(-1)).toMatchObject({ type: "finish", finishReason: "stop" });
        const usage = events.find((e) => e.type === "usage");
        expect(usage).toMatchObject({
          usage: { promptTokens: 11, completionTokens: 7, totalTokens: 18 },
        });
        expect(events.findIndex((e) => e.type === "usage")).toBeLessThan(events.length - 1);
        expect(await metricValue(h.registry, "provider_time_to_first_token_seconds")).toBe(1);
        expect(await metricValue(h.registry, "provider_active_requests")).toBe(0);
      });

      it.skipIf(!caps.tools)("reassembles streamed tool-call arguments", async () => {
        const h = await start();
        const route = wire.routes.stream ?? wire.routes.chat;
        h.upstream.on(
          route.method,
          route.path,
          wire.streamReply?.(
            scenario({ text: "", toolCalls: [toolCall], rawFinishReason: wire.toolCallsReason }),
          ) ?? fault.status(500),
        );
        const events = await collectEvents(
          streamOf(h.provider, { model, messages: hello, tools: [weatherTool] }),
        );
        const start_ = events.find((e) => e.type === "tool-call-start");
        const end = events.find((e) => e.type === "tool-call-end");
        expect(start_).toMatchObject({ name: "get_weather" });
        expect(end).toMatchObject({ name: "get_weather" });
        if (end?.type !== "tool-call-end") throw new Error("no tool-call-end");
        expect(JSON.parse(end.arguments)).toEqual({ city: "Zürich", unit: "c" });
        const deltas = events
          .flatMap((e) => (e.type === "tool-call-delta" ? [e.argumentsDelta] : []))
          .join("");
        expect(deltas).toBe(end.arguments);
        expect(events.at(-1)).toMatchObject({ type: "finish", finishReason: "tool_calls" });
      });

      it("aborts the upstream when the consumer stops reading, and the active gauge returns to 0", async () => {
        const h = await start();
        const route = wire.routes.stream ?? wire.routes.chat;
        const long = scenario({ text: "x".repeat(300) });
        h.upstream.on(
          route.method,
          route.path,
          wire.streamReply?.(long, { delayMs: 20 }) ?? fault.status(500),
        );
        for await (const event of streamOf(h.provider, { model, messages: hello })) {
          if (event.type === "text-delta") break;
        }
        await h.upstream.waitForAbortedRequests(1);
        expect(await metricValue(h.registry, "provider_active_requests")).toBe(0);
      });

      it.skipIf(!wire.streamErrorReply)(
        "retries an error event inside a 200 stream when nothing was sent yet",
        async () => {
          const h = await start();
          const route = wire.routes.stream ?? wire.routes.chat;
          h.upstream.once(
            route.method,
            route.path,
            wire.streamErrorReply?.(529, "Overloaded") ?? fault.status(500),
          );
          h.upstream.on(
            route.method,
            route.path,
            wire.streamReply?.(scenario()) ?? fault.status(500),
          );
          const events = await collectEvents(streamOf(h.provider, { model, messages: hello }));
          expect(events.at(-1)).toMatchObject({ type: "finish" });
          expect(h.upstream.requests).toHaveLength(2);
        },
      );
    });

    describe.skipIf(!caps.embeddings)("embeddings", () => {
      it("returns one vector per input, in order, with usage", async () => {
        const h = await start();
        const route = wire.routes.embed;
        if (!route || !wire.embedReply)
          throw new Error("manifest declares embeddings but the wire adapter has no embed route");
        const embeddingModel = options.embeddingModel ?? "conformance-embedding";
        h.upstream.on(
          route.method,
          route.path,
          wire.embedReply({
            model: embeddingModel,
            embeddings: [
              [0.1, 0.2, 0.3],
              [0.4, 0.5, 0.6],
            ],
            promptTokens: 4,
          }),
        );
        const res = await h.provider.embed?.({ model: embeddingModel, input: ["a", "b"] });
        expect(res?.embeddings).toHaveLength(2);
        const expected = [
          [0.1, 0.2, 0.3],
          [0.4, 0.5, 0.6],
        ];
        for (const [i, vector] of (res?.embeddings ?? []).entries()) {
          for (const [j, value] of vector.entries())
            expect(value).toBeCloseTo(expected[i]?.[j] ?? Number.NaN, 6);
        }
        expect(res?.provider).toBe(manifest.id);
        expect(res?.usage?.promptTokens).toBe(4);
      });
    });

    describe("errors and retries", () => {
      it("normalizes a 400 into a non-retryable ProviderError without retrying", async () => {
        const h = await start();
        h.upstream.on(
          wire.routes.chat.method,
          wire.routes.chat.path,
          wire.errorReply(400, "Invalid parameter: messages"),
        );
        const err = await rejectionOf(h.provider.chat({ model, messages: hello }));
        expect(isProviderError(err)).toBe(true);
        expect(err).toMatchObject({ status: 400, retryable: false, provider: manifest.id });
        expect(h.upstream.requests).toHaveLength(1);
        expect(await metricValue(h.registry, "provider_errors_total", { status_code: "400" })).toBe(
          1,
        );
        expect(await metricValue(h.registry, "provider_active_requests")).toBe(0);
      });

      it.each([
        [429, "Rate limit reached", 1],
        [503, "Service unavailable", 0],
      ])(
        "retries a %i after the Retry-After it was given, counting the retry (and a 429 as a rate-limit hit)",
        async (status, message, rateLimitHits) => {
          const h = await start();
          h.upstream.once(
            wire.routes.chat.method,
            wire.routes.chat.path,
            wire.errorReply(status, message, { "retry-after": "1" }),
          );
          h.upstream.on(wire.routes.chat.method, wire.routes.chat.path, wire.chatReply(scenario()));
          const started = performance.now();
          const res = await h.provider.chat({ model, messages: hello });
          expect(res.output).toBe("Hello there, friend 👋");
          expect(performance.now() - started).toBeGreaterThanOrEqual(950);
          expect(h.upstream.requests).toHaveLength(2);
          expect(
            await metricValue(h.registry, "provider_retries_total", { provider: manifest.id }),
          ).toBe(1);
          expect(await metricValue(h.registry, "provider_rate_limit_hits_total")).toBe(
            rateLimitHits,
          );
        },
      );

      it.each([500, 502, 503])("retries a %i and succeeds", async (status) => {
        const h = await start();
        h.upstream.once(
          wire.routes.chat.method,
          wire.routes.chat.path,
          wire.errorReply(status, "upstream trouble"),
        );
        h.upstream.on(wire.routes.chat.method, wire.routes.chat.path, wire.chatReply(scenario()));
        const res = await h.provider.chat({ model, messages: hello });
        expect(res.output).toBe("Hello there, friend 👋");
        expect(h.upstream.requests).toHaveLength(2);
      });

      it("gives up after the configured attempts with the last error", async () => {
        const h = await start({ overrides: { retryAttempts: 2 } });
        h.upstream.on(
          wire.routes.chat.method,
          wire.routes.chat.path,
          wire.errorReply(503, "still down"),
        );
        const err = await rejectionOf(h.provider.chat({ model, messages: hello }));
        expect(err).toMatchObject({ status: 503, retryable: true });
        expect(h.upstream.requests).toHaveLength(2);
      });

      it("times out a hung upstream as a 504 and frees the request", async () => {
        const h = await start({ overrides: { timeoutMs: 150, retryAttempts: 1 } });
        h.upstream.on(wire.routes.chat.method, wire.routes.chat.path, fault.hang());
        const err = await rejectionOf(h.provider.chat({ model, messages: hello }));
        expect(err).toMatchObject({ status: 504, code: "timeout", provider: manifest.id });
        await h.upstream.waitForAbortedRequests(1);
        expect(await metricValue(h.registry, "provider_active_requests")).toBe(0);
      });

      it("stops at once when the caller aborts, and the abort reaches the upstream", async () => {
        const h = await start();
        h.upstream.on(wire.routes.chat.method, wire.routes.chat.path, fault.hang());
        const controller = new AbortController();
        const pending = h.provider.chat({ model, messages: hello }, { signal: controller.signal });
        await h.upstream.waitUntil((u) => u.requests.length === 1);
        controller.abort();
        const err = await rejectionOf(pending);
        expect(err).toMatchObject({ status: 499, code: "aborted", retryable: false });
        await h.upstream.waitForAbortedRequests(1);
        expect(h.upstream.requests).toHaveLength(1);
      });

      it("is blocked by the egress policy before any byte leaves, and the block is counted", async () => {
        const h = await start({ egressAllow: [] });
        h.upstream.on(wire.routes.chat.method, wire.routes.chat.path, wire.chatReply(scenario()));
        const err = await rejectionOf(h.provider.chat({ model, messages: hello }));
        expect(err).toMatchObject({ status: 403, code: "egress_blocked", retryable: false });
        expect(h.upstream.requests).toHaveLength(0);
        expect(
          await metricValue(h.registry, "provider_egress_blocked_total", { provider: manifest.id }),
        ).toBe(1);
      });
    });

    describe.skipIf(manifest.credentials.length === 0)("credentials", () => {
      it("picks up a rotated credential on the next call, and counts the rotation", async () => {
        const h = await start();
        const key = manifest.credentials[0]?.key ?? "";
        h.upstream.on(wire.routes.chat.method, wire.routes.chat.path, wire.chatReply(scenario()));
        await h.provider.chat({ model, messages: hello });
        const rotated = `${SECRET_PREFIX}-rotated-v2`;
        await h.secrets.set(key, rotated);
        await h.provider.chat({ model, messages: hello });
        const [first, second] = h.upstream.requests;
        expect(first && wire.credentialOf(first)).toBe(credentials[key]);
        expect(second && wire.credentialOf(second)).toBe(rotated);
        expect(
          await metricValue(h.registry, "provider_client_rotations_total", {
            provider: manifest.id,
          }),
        ).toBe(1);
      });

      it("never puts a secret into an error or a log, even when the upstream echoes it", async () => {
        const h = await start();
        const secret = credentials[manifest.credentials[0]?.key ?? ""] ?? "";
        h.upstream.on(
          wire.routes.chat.method,
          wire.routes.chat.path,
          wire.errorReply(
            401,
            `Incorrect API key provided: ${secret}. You can find your key in your dashboard.`,
          ),
        );
        const err = await rejectionOf(h.provider.chat({ model, messages: hello }));
        expect(err).toMatchObject({ status: 401, retryable: false });
        const e = err as Error;
        assertNoSecrets(h, e.message, JSON.stringify(e), String(e.stack));
      });

      it("names the secret key and the environment variable when a required credential is missing", async () => {
        const required = manifest.credentials.find((c) => c.required);
        if (!required) return;
        const h = await start();
        const saved = [required.env].flat().map((name) => [name, process.env[name]] as const);
        for (const [name] of saved) delete process.env[name];
        try {
          await h.secrets.delete(required.key);
          h.upstream.on(wire.routes.chat.method, wire.routes.chat.path, wire.chatReply(scenario()));
          const err = await rejectionOf(h.provider.chat({ model, messages: hello }));
          expect(err).toMatchObject({ code: "missing_credentials" });
          const message = (err as Error).message;
          expect(message).toContain(required.key);
          for (const name of [required.env].flat()) expect(message).toContain(name);
          expect(h.upstream.requests).toHaveLength(0);
        } finally {
          for (const [name, value] of saved) if (value !== undefined) process.env[name] = value;
        }
      });
    });

    describe.skipIf(!wire.probeReply || !wire.routes.probe)("health probe", () => {
      it("makes a real, cheap upstream call", async () => {
        const h = await start();
        const route = wire.routes.probe;
        if (!route || !wire.probeReply) return;
        h.upstream.on(route.method, route.path, wire.probeReply());
        const result = await h.provider.probe?.();
        expect(result?.ok).toBe(true);
        expect(h.upstream.requests.length).toBeGreaterThanOrEqual(1);
      });

      it("reports a failing upstream as not ok, with a secret-free detail", async () => {
        const h = await start();
        const route = wire.routes.probe;
        if (!route) return;
        h.upstream.on(route.method, route.path, wire.errorReply(503, "down"));
        const result = await h.provider.probe?.();
        expect(result?.ok).toBe(false);
        assertNoSecrets(h, result?.detail ?? "");
      });
    });
  });
}
