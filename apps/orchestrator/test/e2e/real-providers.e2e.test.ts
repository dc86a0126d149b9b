import type { MockUpstream } from "@oss-ai-agent-tool/testkit";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveConfig } from "../../src/config/index.js";
import { createLogger } from "../../src/logging/create-logger.js";
import { type RunningServer, startServer } from "../../src/server/start-server.js";
import {
  envOf,
  REAL_PROVIDERS as PROVIDERS,
  scenario,
  startRealGateway,
  startUpstreams,
} from "../support/real-providers.js";

// The provider packages are devDependencies of the orchestrator, so they sit
// in its node_modules: these gateways find them the way an installation does,
// by scanning for manifests (no `plugins:` entry, no installRoots override).

let upstreams: Map<string, MockUpstream>;
let server: RunningServer;
let client: OpenAI;

beforeAll(async () => {
  upstreams = await startUpstreams(PROVIDERS);
  for (const p of PROVIDERS) {
    const upstream = upstreams.get(p.id);
    const { chat, stream } = p.wire.routes;
    upstream?.on(chat.method, chat.path, p.wire.chatReply(scenario(p, `whole reply from ${p.id}`)));
    const streamReply = p.wire.streamReply?.(scenario(p, `streamed reply from ${p.id}`));
    if (stream && streamReply) upstream?.on(stream.method, stream.path, streamReply);
  }
  server = await startRealGateway(PROVIDERS, upstreams, envOf(PROVIDERS), true);
  client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: "unused", maxRetries: 0 });
});

afterAll(async () => {
  await server?.stop();
  await Promise.all([...upstreams.values()].map((u) => u.close()));
});

describe("the official openai client through the orchestrator, to each real provider package", () => {
  it.each(PROVIDERS.map((p) => [p.id, p] as const))("%s: chat", async (_id, p) => {
    const { data, response } = await client.chat.completions
      .create({ model: `${p.id}/${p.model}`, messages: [{ role: "user", content: "hi" }] })
      .withResponse();
    expect(response.headers.get("x-oaat-provider")).toBe(p.id);
    expect(data.choices[0]?.message.content).toBe(`whole reply from ${p.id}`);
    expect(data.choices[0]?.finish_reason).toBe("stop");
    expect(data.usage).toMatchObject({ prompt_tokens: 7, completion_tokens: 5, total_tokens: 12 });
    // The request really went through this provider's SDK to its own upstream.
    expect(upstreams.get(p.id)?.requests.some((r) => r.method === "POST")).toBe(true);
  });

  it.each(PROVIDERS.map((p) => [p.id, p] as const))("%s: stream with usage", async (_id, p) => {
    const stream = await client.chat.completions.create({
      model: `${p.id}/${p.model}`,
      messages: [{ role: "user", content: "hi" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    let usage: OpenAI.CompletionUsage | null | undefined;
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? "";
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe(`streamed reply from ${p.id}`);
    expect(finish).toBe("stop");
    expect(usage).toMatchObject({ prompt_tokens: 7, completion_tokens: 5, total_tokens: 12 });
  });

  it.each(PROVIDERS.map((p) => [p.id, p] as const))("%s: tool calls", async (_id, p) => {
    const upstream = upstreams.get(p.id);
    const call = { id: "call_e2e_1", name: "get_weather", arguments: '{"city":"Zürich","days":2}' };
    upstream?.once(
      p.wire.routes.chat.method,
      p.wire.routes.chat.path,
      p.wire.chatReply(
        scenario(p, "", { toolCalls: [call], rawFinishReason: p.wire.toolCallsReason }),
      ),
    );
    const res = await client.chat.completions.create({
      model: `${p.id}/${p.model}`,
      messages: [{ role: "user", content: "Weather in Zürich?" }],
      tools: [
        {
          type: "function",
          function: {
            name: "get_weather",
            parameters: { type: "object", properties: { city: { type: "string" } } },
          },
        },
      ],
    });
    const choice = res.choices[0];
    expect(choice?.finish_reason).toBe("tool_calls");
    const calls = choice?.message.tool_calls ?? [];
    expect(calls).toHaveLength(1);
    const first = calls[0];
    expect(first?.type === "function" ? first.function.name : undefined).toBe("get_weather");
    expect(JSON.parse(first?.type === "function" ? first.function.arguments : "null")).toEqual({
      city: "Zürich",
      days: 2,
    });
  });

  it("reports every one healthy after ?test=true probes its upstream", async () => {
    const res = await fetch(`${server.url}/health/providers?test=true`);
    const body = (await res.json()) as {
      providers: Array<{ id: string; status: string; probe?: { ok: boolean } }>;
    };
    for (const p of PROVIDERS) {
      expect(body.providers.find((x) => x.id === p.id)).toMatchObject({
        status: "healthy",
        probe: { ok: true },
      });
    }
  });
});

describe("health without credentials or settings", () => {
  let bare: RunningServer;
  beforeAll(async () => {
    bare = await startRealGateway(PROVIDERS, upstreams, {}, false);
  });
  afterAll(async () => {
    await bare?.stop();
  });

  it("shows each provider that needs a credential as unconfigured, naming its variable and never a value", async () => {
    const res = await fetch(`${bare.url}/health/providers`);
    const text = await res.text();
    const body = JSON.parse(text) as {
      providers: Array<{
        id: string;
        status: string;
        missingCredentials?: string[];
        missingSettings?: string[];
      }>;
    };
    const byId = new Map(body.providers.map((p) => [p.id, p]));
    expect(byId.get("openai")).toMatchObject({
      status: "unconfigured",
      missingCredentials: ["OPENAI_API_KEY"],
    });
    expect(byId.get("openrouter")).toMatchObject({
      status: "unconfigured",
      missingCredentials: ["OPENROUTER_API_KEY"],
    });
    expect(byId.get("mistral")).toMatchObject({
      status: "unconfigured",
      missingCredentials: ["MISTRAL_API_KEY"],
    });
    // Azure takes an API key or an Entra ID client secret, and needs its API version.
    expect(byId.get("azure-openai")).toMatchObject({
      status: "unconfigured",
      missingCredentials: ["AZURE_OPENAI_API_KEY", "AZURE_CLIENT_SECRET"],
      missingSettings: [expect.stringContaining("providers.settings.azure-openai.apiVersion")],
    });
    expect(byId.get("anthropic")).toMatchObject({
      status: "unconfigured",
      missingCredentials: ["ANTHROPIC_API_KEY"],
    });
    expect(byId.get("google")).toMatchObject({
      status: "unconfigured",
      missingCredentials: ["GOOGLE_API_KEY", "GEMINI_API_KEY"],
    });
    // Ollama needs no credential, and Bedrock may use the SDK's default chain (an instance
    // role, SSO): both are enabled, and not yet known to be healthy.
    expect(byId.get("ollama")?.status).toBe("unknown");
    expect(byId.get("bedrock")?.status).toBe("unknown");
    for (const p of PROVIDERS)
      for (const value of Object.values(p.env)) expect(text).not.toContain(value);
  });

  it("answers 503 naming the variable when a request goes to an unconfigured provider", async () => {
    const bareClient = new OpenAI({ baseURL: `${bare.url}/v1`, apiKey: "unused", maxRetries: 0 });
    const err = await bareClient.chat.completions
      .create({
        model: "mistral/mistral-small-latest",
        messages: [{ role: "user", content: "hi" }],
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect((err as InstanceType<typeof OpenAI.APIError>).status).toBe(503);
    expect((err as Error).message).toContain("MISTRAL_API_KEY");
  });
});

describe("discovery.installed: false", () => {
  it("loads only the plugins listed under plugins:, none of the installed ones", async () => {
    const env = {};
    const only = await startServer({
      config: resolveConfig({ server: { port: 0 }, discovery: { installed: false } }, { env }),
      baseDir: process.cwd(),
      env,
      logger: createLogger({ level: "silent" }),
    });
    try {
      const body = (await (await fetch(`${only.url}/health/providers`)).json()) as {
        providers: unknown[];
      };
      expect(body.providers).toEqual([]);
    } finally {
      await only.stop();
    }
  });
});
