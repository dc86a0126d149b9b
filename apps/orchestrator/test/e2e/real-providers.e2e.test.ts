import {
  type ChatScenario,
  createMockUpstream,
  json,
  type MockUpstream,
  mistralWire,
  ollamaWire,
  openAIChatWire,
  type WireAdapter,
} from "@oss-ai-agent-tool/testkit";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayConfigInput, resolveConfig } from "../../src/config/index.js";
import { createLogger } from "../../src/logging/create-logger.js";
import { type RunningServer, startServer } from "../../src/server/start-server.js";

// The five provider packages are devDependencies of the orchestrator, so they
// sit in its node_modules: these gateways find them the way an installation
// does, by scanning for manifests (no `plugins:` entry, no installRoots override).

interface RealProvider {
  id: string;
  model: string;
  wire: WireAdapter;
  env: Record<string, string>;
  settings: (url: string) => Record<string, unknown>;
  /** The probe route, where the wire's own (OpenAI's `GET /models`) is not the provider's. */
  probe?: { method: string; path: string; body: unknown };
}

const openai = openAIChatWire();
const PROVIDERS: RealProvider[] = [
  {
    id: "openai",
    model: "gpt-4o-mini",
    wire: openai,
    env: { OPENAI_API_KEY: "sk-e2e-openai-0000000000000000" },
    settings: (url) => ({ baseURL: `${url}/v1` }),
  },
  {
    id: "azure-openai",
    model: "gpt-4o",
    wire: openai,
    env: { AZURE_OPENAI_API_KEY: "e2e-azure-key-0000000000000000" },
    settings: (url) => ({ endpoint: url, apiVersion: "2024-10-21" }),
  },
  {
    id: "openrouter",
    model: "anthropic/claude-3.5-sonnet",
    wire: openai,
    env: { OPENROUTER_API_KEY: "sk-or-v1-e2e-000000000000000000" },
    settings: (url) => ({ baseURL: `${url}/api/v1` }),
    probe: { method: "GET", path: "/api/v1/key", body: { data: { label: "e2e", usage: 0 } } },
  },
  {
    id: "mistral",
    model: "mistral-small-latest",
    wire: mistralWire(),
    env: { MISTRAL_API_KEY: "e2e-mistral-key-000000000000000" },
    settings: (url) => ({ baseURL: url }),
  },
  {
    id: "ollama",
    model: "llama3.2",
    wire: ollamaWire(),
    env: {},
    settings: (url) => ({ baseURL: url }),
  },
];

function scenario(p: RealProvider, text: string): ChatScenario {
  return {
    id: `e2e-${p.id}`,
    model: p.model,
    text,
    rawFinishReason: p.wire.stopReason,
    usage: { promptTokens: 7, completionTokens: 5, totalTokens: 12 },
  };
}

async function startGateway(
  upstreams: Map<string, MockUpstream>,
  env: Record<string, string>,
  withSettings: boolean,
): Promise<RunningServer> {
  const settings: Record<string, Record<string, unknown>> = {};
  if (withSettings) {
    for (const p of PROVIDERS) settings[p.id] = p.settings(upstreams.get(p.id)?.url ?? "");
  }
  const raw: GatewayConfigInput = {
    server: { port: 0 },
    providers: { settings },
    network: { egress: { allow: ["127.0.0.1"] } },
    metrics: { processMetrics: false },
  };
  return startServer({
    config: resolveConfig(raw, { env }),
    baseDir: process.cwd(),
    env,
    logger: createLogger({ level: "silent" }),
  });
}

const upstreams = new Map<string, MockUpstream>();
let server: RunningServer;
let client: OpenAI;

beforeAll(async () => {
  for (const p of PROVIDERS) {
    const upstream = await createMockUpstream();
    upstreams.set(p.id, upstream);
    const { chat, stream, probe } = p.wire.routes;
    upstream.on(chat.method, chat.path, p.wire.chatReply(scenario(p, `whole reply from ${p.id}`)));
    const streamReply = p.wire.streamReply?.(scenario(p, `streamed reply from ${p.id}`));
    if (stream && streamReply) upstream.on(stream.method, stream.path, streamReply);
    if (p.probe) upstream.on(p.probe.method, p.probe.path, json(p.probe.body));
    else if (probe && p.wire.probeReply) upstream.on(probe.method, probe.path, p.wire.probeReply());
  }
  const env = Object.assign({}, ...PROVIDERS.map((p) => p.env)) as Record<string, string>;
  server = await startGateway(upstreams, env, true);
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
    bare = await startGateway(upstreams, {}, false);
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
    // Ollama needs no credential: it is enabled, and not yet known to be healthy.
    expect(byId.get("ollama")?.status).toBe("unknown");
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
