import { pluginManifestSchema } from "@oss-ai-agent-tool/core";
import { collectEvents, type Harness, startHarness } from "@oss-ai-agent-tool/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import plugin, {
  decodeGeminiToolCallId,
  GOOGLE_API_KEY_SECRET,
  type GoogleSettings,
} from "../src/index.js";
import { manifestInput } from "./helpers.js";

// Against the real API: runs only with OAAT_LIVE_TESTS=1 and GOOGLE_API_KEY (or GEMINI_API_KEY) set.
const apiKey = process.env.GOOGLE_API_KEY || process.env.GEMINI_API_KEY;
const live = process.env.OAAT_LIVE_TESTS === "1" && !!apiKey;
const model = process.env.GEMINI_LIVE_MODEL ?? "gemini-2.5-flash";

const weatherTool = {
  name: "get_weather",
  description: "Current weather for a city",
  parameters: {
    $schema: "http://json-schema.org/draft-07/schema#",
    type: "object",
    properties: {
      city: { type: "string", minLength: 1 },
      unit: { type: ["string", "null"], enum: ["c", "f", null] },
    },
    required: ["city"],
    additionalProperties: false,
  },
};

describe.skipIf(!live)("live: Gemini API", () => {
  let harness: Harness;

  beforeAll(async () => {
    const manifest = pluginManifestSchema.parse(manifestInput());
    // The harness's local mock upstream goes unused: settings leave the SDK on its public server,
    // and the egress allowlist is the manifest's own hosts.
    harness = await startHarness(
      {
        plugin,
        manifest,
        settings: (): GoogleSettings => ({ timeoutMs: 60_000 }),
        credentials: { [GOOGLE_API_KEY_SECRET]: apiKey ?? "" },
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
    expect(models?.some((m) => m.id.startsWith("gemini-"))).toBe(true);
  });

  it("chats", async () => {
    const res = await harness.provider.chat({
      model,
      messages: [
        { role: "system", content: "Answer with one word." },
        { role: "user", content: "Reply with the single word: pong" },
      ],
      maxTokens: 200,
      temperature: 0,
    });
    expect(res.output.toLowerCase()).toContain("pong");
    expect(res.usage?.totalTokens).toBeGreaterThan(0);
  });

  it("streams a tool call with a converted schema, then answers the tool result", async () => {
    const messages = [
      { role: "user" as const, content: "What is the weather in Paris? Use the tool." },
    ];
    const events = await collectEvents(
      harness.provider.stream?.({ model, messages, tools: [weatherTool], toolChoice: "required" }),
    );
    const end = events.find((e) => e.type === "tool-call-end");
    expect(end).toMatchObject({ name: "get_weather" });
    expect(events.find((e) => e.type === "usage")).toBeDefined();
    expect(events.at(-1)).toMatchObject({ type: "finish", finishReason: "tool_calls" });
    if (end?.type !== "tool-call-end") throw new Error("no tool call");
    expect(decodeGeminiToolCallId(end.id).id.length).toBeGreaterThan(0);
    const res = await harness.provider.chat({
      model,
      tools: [weatherTool],
      messages: [
        ...messages,
        {
          role: "assistant",
          content: null,
          toolCalls: [{ id: end.id, name: end.name, arguments: end.arguments }],
        },
        { role: "tool", toolCallId: end.id, content: '{"temp_c":21,"sky":"clear"}' },
      ],
    });
    expect(res.output).toMatch(/21/);
  });

  it("embeds with a chosen dimension", async () => {
    const res = await harness.provider.embed?.({ input: ["hello", "world"], dimensions: 256 });
    expect(res?.embeddings).toHaveLength(2);
    expect(res?.embeddings[0]).toHaveLength(256);
  });
});
