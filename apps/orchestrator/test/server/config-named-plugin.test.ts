import path from "node:path";
import { Writable } from "node:stream";
import { createMockUpstream, type MockUpstream, openAIChatWire } from "@oss-ai-agent-tool/testkit";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveConfig } from "../../src/config/index.js";
import { createLogger } from "../../src/logging/create-logger.js";
import { type RunningServer, startServer } from "../../src/server/start-server.js";
import {
  linkWorkspacePackages,
  makeTempDir,
  pluginPackageJson,
  removeTempDir,
  TEST_PLUGINS_DIR,
  writePackage,
} from "../discovery/temp-packages.js";

// The requirement: a plugin package that only the config names,
// outside the workspace, in a temporary folder, is found and served; a broken
// plugin shows as broken while the rest keep working.

const wire = openAIChatWire();
const API_KEY = "sk-outside-test-key-0123456789";

let tmp: string | undefined;
let upstream: MockUpstream;
let running: RunningServer | undefined;
const logLines: string[] = [];

interface ProviderHealthBody {
  status: string;
  providers: Array<{ id: string; status: string; source: string; reason?: string }>;
}

async function healthOf(url: string): Promise<ProviderHealthBody> {
  const res = await fetch(`${url}/health/providers`);
  expect(res.status).toBe(200);
  return (await res.json()) as ProviderHealthBody;
}

beforeAll(async () => {
  tmp = await makeTempDir("outside-plugin");
  await linkWorkspacePackages(tmp);
  const pluginDir = await writePackage(
    path.join(tmp, "outside-provider"),
    pluginPackageJson("outside-provider", {
      pluginApi: "^1.0.0",
      id: "outside",
      displayName: "Outside (temp)",
      entry: "./index.js",
      capabilities: { chat: true, stream: true },
      credentials: [
        { key: "provider:outside:apiKey", env: "OUTSIDE_API_KEY", description: "API key" },
      ],
      defaultModel: "outside-model-1",
      optionsSchema: {
        type: "object",
        properties: { baseURL: { type: "string" }, retryAttempts: { type: "integer" } },
        additionalProperties: false,
      },
    }),
    {
      "index.js": [
        'import { createReferencePlugin } from "@oss-ai-agent-tool/testkit/reference-provider";',
        'export default createReferencePlugin({ id: "outside", apiKeyEnv: "OUTSIDE_API_KEY" });',
        "",
      ].join("\n"),
    },
  );

  upstream = await createMockUpstream();
  const env = { OUTSIDE_API_KEY: API_KEY };
  const config = resolveConfig(
    {
      server: { host: "127.0.0.1", port: 0, drainTimeoutMs: 1_000 },
      plugins: [pluginDir, path.join(TEST_PLUGINS_DIR, "import-fails")],
      providers: {
        settings: { outside: { baseURL: `${upstream.url}/v1`, retryAttempts: 1 } },
      },
      network: { egress: { mode: "enforce", allow: ["127.0.0.1"] } },
      metrics: { processMetrics: false },
    },
    { env },
  );
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  running = await startServer({
    config,
    baseDir: tmp,
    env,
    logger: createLogger({ level: "info", destination }),
    installRoots: [],
  });
});

afterAll(async () => {
  await running?.stop();
  await upstream?.close();
  await removeTempDir(tmp);
});

describe("a plugin named only by the config, outside the workspace", () => {
  it("is found, loaded and serves a chat completion through the official openai client", async () => {
    upstream.once(
      "POST",
      wire.routes.chat.path,
      wire.chatReply({
        id: "chatcmpl-outside-1",
        model: "outside-model-1",
        text: "Hello from outside the workspace",
        rawFinishReason: "stop",
        usage: { promptTokens: 4, completionTokens: 5, totalTokens: 9 },
      }),
    );
    const client = new OpenAI({
      apiKey: "unused",
      baseURL: `${running!.url}/v1`,
      maxRetries: 0,
    });
    const res = await client.chat.completions.create({
      model: "outside/outside-model-1",
      messages: [{ role: "user", content: "hi" }],
    });
    expect(res.choices[0]?.message.content).toBe("Hello from outside the workspace");
    expect(res.model).toBe("outside/outside-model-1");

    // The plugin really went upstream, with its own key and the model from the address.
    const sent = upstream.requests.at(-1);
    expect(sent?.path).toBe("/v1/chat/completions");
    expect(wire.credentialOf(sent!)).toBe(API_KEY);
    expect(sent?.json()).toMatchObject({
      model: "outside-model-1",
      messages: [{ role: "user", content: "hi" }],
    });
  });

  it("reports the broken plugin as broken with its reason while the other keeps working", async () => {
    const client = new OpenAI({ apiKey: "unused", baseURL: `${running!.url}/v1`, maxRetries: 0 });
    const failure = await client.chat.completions
      .create({ model: "import-fails/any", messages: [{ role: "user", content: "hi" }] })
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    const apiError = failure as InstanceType<typeof OpenAI.APIError>;
    expect(apiError.status).toBe(503);
    expect(apiError.code).toBe("provider_broken");
    expect(apiError.message).toContain("boom: intentional import failure");

    const health = await healthOf(running!.url);
    const outside = health.providers.find((p) => p.id === "outside");
    const broken = health.providers.find((p) => p.id === "import-fails");
    expect(outside).toMatchObject({ status: "healthy", source: "config" });
    expect(broken).toMatchObject({ status: "broken", source: "config" });
    expect(broken?.reason).toContain("boom: intentional import failure");
    expect(health.status).toBe("healthy");

    // The gateway still answers, and the working plugin still serves.
    expect((await fetch(`${running!.url}/healthz`)).status).toBe(200);
    upstream.once(
      "POST",
      wire.routes.chat.path,
      wire.chatReply({
        id: "chatcmpl-outside-2",
        model: "outside-model-1",
        text: "still here",
        rawFinishReason: "stop",
        usage: { promptTokens: 1, completionTokens: 2, totalTokens: 3 },
      }),
    );
    const again = await client.chat.completions.create({
      model: "outside/outside-model-1",
      messages: [{ role: "user", content: "again" }],
    });
    expect(again.choices[0]?.message.content).toBe("still here");
    expect(logLines.join("")).toContain("provider plugin failed to load");
  });
});
