import { pluginManifestSchema } from "@oss-ai-agent-tool/core";
import { collectEvents, type Harness, startHarness } from "@oss-ai-agent-tool/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import plugin, { BEDROCK_DEFAULT_MODEL, type BedrockSettings } from "../src/index.js";
import { manifestInput } from "./helpers.js";

// Against the real API: runs only with OAAT_LIVE_TESTS=1, AWS credentials (keys in the
// environment, or a profile for the default chain) and a region. It costs a few tokens.
const env = process.env;
const hasCredentials =
  (!!env.AWS_ACCESS_KEY_ID && !!env.AWS_SECRET_ACCESS_KEY) || !!env.AWS_PROFILE;
const region = env.AWS_REGION || env.AWS_DEFAULT_REGION;
const live = env.OAAT_LIVE_TESTS === "1" && hasCredentials && !!region;
const model = env.BEDROCK_LIVE_MODEL ?? BEDROCK_DEFAULT_MODEL;
const embeddingModel = env.BEDROCK_LIVE_EMBEDDING_MODEL ?? "amazon.titan-embed-text-v2:0";

describe.skipIf(!live)("live: Amazon Bedrock", () => {
  let harness: Harness;

  beforeAll(async () => {
    const manifest = pluginManifestSchema.parse(manifestInput());
    // The harness's local mock upstream goes unused: no baseURL, so the SDK calls the regional
    // host, and the egress allowlist is the manifest's own hosts. Credentials come from the
    // environment (or the default chain), not from the harness's store.
    harness = await startHarness(
      {
        plugin,
        manifest,
        settings: (): BedrockSettings => ({ timeoutMs: 60_000, retryAttempts: 2 }),
        credentials: {},
      },
      { egressAllow: manifest.egressHosts },
    );
  });

  afterAll(async () => {
    await harness?.close();
  });

  it("probes", async () => {
    expect(await harness.provider.probe?.()).toMatchObject({ ok: true });
  });

  it("chats", async () => {
    const res = await harness.provider.chat({
      model,
      messages: [
        { role: "system", content: "You answer in one word." },
        { role: "user", content: "Reply with the single word: pong" },
      ],
      maxTokens: 10,
      temperature: 0,
    });
    expect(res.output.toLowerCase()).toContain("pong");
    expect(res.usage?.totalTokens).toBeGreaterThan(0);
  });

  it("streams a tool call with usage", async () => {
    const events = await collectEvents(
      harness.provider.stream?.({
        model,
        messages: [{ role: "user", content: "What is the weather in Paris? Use the tool." }],
        tools: [
          {
            name: "get_weather",
            description: "Current weather for a city",
            parameters: {
              type: "object",
              properties: { city: { type: "string" } },
              required: ["city"],
            },
          },
        ],
        toolChoice: "required",
        maxTokens: 200,
      }),
    );
    const end = events.find((e) => e.type === "tool-call-end");
    expect(end).toMatchObject({ name: "get_weather" });
    expect(events.find((e) => e.type === "usage")).toBeDefined();
    expect(events.at(-1)).toMatchObject({ type: "finish", finishReason: "tool_calls" });
  });

  it("embeds with Titan", async () => {
    const res = await harness.provider.embed?.({
      model: embeddingModel,
      input: ["hello", "world"],
      dimensions: 256,
    });
    expect(res?.embeddings).toHaveLength(2);
    expect(res?.embeddings[0]).toHaveLength(256);
    expect(res?.usage?.promptTokens).toBeGreaterThan(0);
  });
});
