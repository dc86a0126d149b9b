import { pluginManifestSchema } from "@oss-ai-agent-tool/core";
import { collectEvents, type Harness, startHarness } from "@oss-ai-agent-tool/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import plugin, { MISTRAL_API_KEY_SECRET, type MistralSettings } from "../src/index.js";
import { manifestInput } from "./helpers.js";

// Against the real API: runs only with OAAT_LIVE_TESTS=1 and MISTRAL_API_KEY set.
const apiKey = process.env.MISTRAL_API_KEY;
const live = process.env.OAAT_LIVE_TESTS === "1" && !!apiKey;
const model = process.env.MISTRAL_LIVE_MODEL ?? "mistral-small-latest";

describe.skipIf(!live)("live: Mistral API", () => {
  let harness: Harness;

  beforeAll(async () => {
    const manifest = pluginManifestSchema.parse(manifestInput());
    // The harness's local mock upstream goes unused: settings leave the SDK on its public server,
    // and the egress allowlist is the manifest's own hosts.
    harness = await startHarness(
      {
        plugin,
        manifest,
        settings: (): MistralSettings => ({ timeoutMs: 60_000 }),
        credentials: { [MISTRAL_API_KEY_SECRET]: apiKey ?? "" },
      },
      { egressAllow: manifest.egressHosts },
    );
  });

  afterAll(async () => {
    await harness?.close();
  });

  it("probes and lists models", async () => {
    expect(await harness.provider.probe?.()).toMatchObject({ ok: true });
    const models = await harness.provider.listModels?.();
    expect(models?.some((m) => m.id === "mistral-small-latest")).toBe(true);
  });

  it("chats", async () => {
    const res = await harness.provider.chat({
      model,
      messages: [{ role: "user", content: "Reply with the single word: pong" }],
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
            parameters: {
              type: "object",
              properties: { city: { type: "string" } },
              required: ["city"],
            },
          },
        ],
        toolChoice: "required",
      }),
    );
    expect(events.find((e) => e.type === "tool-call-end")).toMatchObject({ name: "get_weather" });
    expect(events.find((e) => e.type === "usage")).toBeDefined();
    expect(events.at(-1)).toMatchObject({ type: "finish", finishReason: "tool_calls" });
  });

  it("embeds", async () => {
    const res = await harness.provider.embed?.({ input: ["hello", "world"] });
    expect(res?.embeddings).toHaveLength(2);
    expect(res?.embeddings[0]?.length).toBeGreaterThan(0);
  });
});
