import { type PluginManifestInput, pluginManifestSchema } from "@oss-ai-agent-tool/core";
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "../src/conformance/index.js";
import { collectEvents, rejectionOf, requestBody } from "../src/provider-test-helpers.js";
import {
  createReferencePlugin,
  type ReferenceManifestOptions,
  type ReferenceSettings,
  referenceManifest,
} from "../src/reference-provider/index.js";
import { openAIChatWire } from "../src/wires/openai-chat-wire.js";

const wire = openAIChatWire();
const hello = [{ role: "user" as const, content: "Say hello." }];
const scenario = {
  id: "resp_1",
  model: "m-1",
  text: "Hello.",
  rawFinishReason: "stop",
  usage: { promptTokens: 3, completionTokens: 2, totalTokens: 5 },
};

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

interface StartOptions {
  options?: ReferenceManifestOptions;
  manifest?: PluginManifestInput;
  settings?: (url: string) => ReferenceSettings;
  credentials?: Record<string, string>;
}

async function start(spec: StartOptions = {}): Promise<Harness> {
  const options = spec.options ?? { id: "ref", apiKeyEnv: "REF_API_KEY" };
  harness = await startHarness({
    plugin: createReferencePlugin(options),
    manifest: pluginManifestSchema.parse(spec.manifest ?? referenceManifest(options)),
    settings: spec.settings ?? ((url) => ({ baseURL: `${url}/v1` })),
    credentials: spec.credentials ?? { "provider:ref:apiKey": "sk-ref-test-1" },
  });
  harness.upstream.on(wire.routes.chat.method, wire.routes.chat.path, wire.chatReply(scenario));
  return harness;
}

describe("createReferencePlugin", () => {
  describe("base URL", () => {
    it("uses settings.baseURL as is, version path included", async () => {
      const h = await start({ settings: (url) => ({ baseURL: `${url}/proxy/openai/v1/` }) });
      await h.provider.chat({ model: "m-1", messages: hello });
      expect(h.upstream.requests[0]?.path).toBe("/proxy/openai/v1/chat/completions");
    });

    it("builds without one, and fails each call with missing_base_url", async () => {
      const h = await start({ settings: () => ({}) });
      const expected = { status: 500, code: "missing_base_url", provider: "ref", retryable: false };
      expect(await rejectionOf(h.provider.chat({ model: "m-1", messages: hello }))).toMatchObject(
        expected,
      );
      expect(
        await rejectionOf(collectEvents(h.provider.stream?.({ model: "m-1", messages: hello }))),
      ).toMatchObject(expected);
      expect(await rejectionOf(h.provider.listModels?.())).toMatchObject(expected);
      expect(await h.provider.probe?.()).toMatchObject({ ok: false });
      expect(h.upstream.requests).toHaveLength(0);
    });
  });

  describe("providerOptions", () => {
    it("sends the provider's own entries as extra body parameters", async () => {
      const h = await start();
      await h.provider.chat({
        model: "m-1",
        messages: hello,
        temperature: 0.5,
        providerOptions: {
          ref: { frequency_penalty: 0.25, logit_bias: { "42": -1 }, temperature: 2 },
          other: { presence_penalty: 1 },
        },
      });
      const body = requestBody(h);
      expect(body).toMatchObject({ frequency_penalty: 0.25, logit_bias: { "42": -1 } });
      // The request's own value wins; another provider's options stay out.
      expect(body.temperature).toBe(0.5);
      expect(body).not.toHaveProperty("presence_penalty");
    });

    it("never overrides the model, the messages or the stream flag", async () => {
      const h = await start();
      if (!wire.routes.stream || !wire.streamReply) throw new Error("wire has no streaming");
      h.upstream.on(wire.routes.stream.method, wire.routes.stream.path, wire.streamReply(scenario));
      const events = await collectEvents(
        h.provider.stream?.({
          model: "m-1",
          messages: hello,
          providerOptions: { ref: { model: "evil", messages: [], stream: false, top_k: 7 } },
        }),
      );
      expect(events.at(-1)).toMatchObject({ type: "finish" });
      expect(requestBody(h)).toMatchObject({ model: "m-1", stream: true, top_k: 7 });
      expect(requestBody(h).messages).toHaveLength(1);
    });

    it("applies to embeddings too", async () => {
      const h = await start();
      if (!wire.routes.embed || !wire.embedReply) throw new Error("wire has no embeddings");
      h.upstream.on(
        wire.routes.embed.method,
        wire.routes.embed.path,
        wire.embedReply({ model: "e-1", embeddings: [[0.5, 0.25]], promptTokens: 2 }),
      );
      await h.provider.embed?.({
        model: "e-1",
        input: "a",
        dimensions: 2,
        providerOptions: { ref: { encoding_format: "float" } },
      });
      expect(requestBody(h)).toMatchObject({
        model: "e-1",
        dimensions: 2,
        encoding_format: "float",
      });
    });
  });

  it("maps tool choice, response format and user", async () => {
    const h = await start();
    await h.provider.chat({
      model: "m-1",
      messages: hello,
      user: "u-1",
      tools: [{ name: "f", parameters: { type: "object" }, strict: true }],
      toolChoice: { type: "tool", name: "f" },
      responseFormat: { type: "json_schema", name: "out", schema: { type: "object" } },
    });
    expect(requestBody(h)).toMatchObject({
      user: "u-1",
      tools: [{ type: "function", function: { name: "f", strict: true } }],
      tool_choice: { type: "function", function: { name: "f" } },
      response_format: { type: "json_schema", json_schema: { name: "out" } },
    });
  });

  it("lists the upstream's models through GET {baseURL}/models", async () => {
    const h = await start();
    if (!wire.routes.probe || !wire.probeReply) throw new Error("wire has no models route");
    h.upstream.on(wire.routes.probe.method, wire.routes.probe.path, wire.probeReply());
    expect(await h.provider.listModels?.()).toEqual([
      { id: "model-a", ownedBy: "conformance" },
      { id: "model-b", ownedBy: "conformance" },
    ]);
    expect(h.upstream.requests[0]).toMatchObject({ method: "GET", path: "/v1/models" });
    expect(h.upstream.requests[0]?.headers.authorization).toBe("Bearer sk-ref-test-1");
  });

  it("reads the key under a custom secrets-store key", async () => {
    const h = await start({
      options: { id: "ref", apiKeyEnv: "REF_API_KEY", secretKey: "team:ref:key" },
      credentials: { "team:ref:key": "sk-custom-2" },
    });
    await h.provider.chat({ model: "m-1", messages: hello });
    expect(h.upstream.requests[0]?.headers.authorization).toBe("Bearer sk-custom-2");
  });

  it("runs keyless without apiKeyEnv, declaring no credential", async () => {
    const options = { id: "local" };
    expect(referenceManifest(options).credentials).toEqual([]);
    const h = await start({ options, credentials: {} });
    const res = await h.provider.chat({ model: "m-1", messages: hello });
    expect(res.output).toBe("Hello.");
  });

  describe("default model", () => {
    const manifestWith = (defaultModel?: string) => ({
      ...referenceManifest({ id: "ref", apiKeyEnv: "REF_API_KEY" }),
      ...(defaultModel ? { defaultModel } : {}),
    });

    it.each([
      ["settings.defaultModel", "from-settings", { defaultModel: "from-settings" }, "plugin"],
      ["the plugin option", "plugin", {}, "plugin"],
      ["the manifest", "from-manifest", {}, undefined],
    ])("falls back to %s", async (_name, expected, settings, optionModel) => {
      const h = await start({
        options: {
          id: "ref",
          apiKeyEnv: "REF_API_KEY",
          ...(optionModel ? { defaultModel: optionModel } : {}),
        },
        manifest: manifestWith("from-manifest"),
        settings: (url) => ({ baseURL: `${url}/v1`, ...settings }),
      });
      await h.provider.chat({ messages: hello });
      expect(requestBody(h).model).toBe(expected);
    });

    it("fails with missing_model when none is configured", async () => {
      const h = await start({ manifest: manifestWith() });
      expect(await rejectionOf(h.provider.chat({ messages: hello }))).toMatchObject({
        status: 400,
        code: "missing_model",
      });
    });
  });
});

describe("referenceManifest", () => {
  it("is a valid manifest carrying the given fields", () => {
    const manifest = pluginManifestSchema.parse(
      referenceManifest({
        id: "alpha",
        apiKeyEnv: "ALPHA_API_KEY",
        defaultModel: "alpha-model-1",
        aliases: ["alpha_legacy"],
        egressHosts: ["api.alpha.example"],
        baseURLEnv: "ALPHA_BASE_URL",
      }),
    );
    expect(manifest).toMatchObject({
      id: "alpha",
      aliases: ["alpha_legacy"],
      entry: "./index.js",
      credentials: [{ key: "provider:alpha:apiKey", env: "ALPHA_API_KEY", required: true }],
      egressHosts: ["api.alpha.example"],
      defaultModel: "alpha-model-1",
      baseURLEnv: "ALPHA_BASE_URL",
    });
  });

  it("describes every base setting, and nothing else", () => {
    const schema = referenceManifest({ id: "alpha" }).optionsSchema;
    expect(schema).toMatchObject({
      type: "object",
      additionalProperties: false,
      properties: {
        baseURL: { type: "string" },
        defaultModel: { type: "string" },
        timeoutMs: { type: "integer" },
        idleTimeoutMs: { type: "integer" },
        retryAttempts: { type: "integer", minimum: 1, maximum: 10 },
      },
    });
  });
});
