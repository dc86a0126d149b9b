import { pluginManifestSchema } from "@oss-ai-agent-tool/core";
import { collectEvents, type Harness, startHarness } from "@oss-ai-agent-tool/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import plugin, { ANTHROPIC_API_KEY_SECRET, type AnthropicSettings } from "../src/index.js";
import { manifestInput } from "./helpers.js";

// Against the real API: runs only with OAAT_LIVE_TESTS=1 and ANTHROPIC_API_KEY set.
const apiKey = process.env.ANTHROPIC_API_KEY;
const live = process.env.OAAT_LIVE_TESTS === "1" && !!apiKey;
const model = process.env.ANTHROPIC_LIVE_MODEL ?? "claude-haiku-4-5";

describe.skipIf(!live)("live: Anthropic API", () => {
  let harness: Harness;

  beforeAll(async () => {
    const manifest = pluginManifestSchema.parse(manifestInput());
    // The harness's local mock upstream goes unused: settings leave the SDK on its public server,
    // and the egress allowlist is the manifest's own hosts.
    harness = await startHarness(
      {
        plugin,
        manifest,
        settings: (): AnthropicSettings => ({ timeoutMs: 60_000 }),
        credentials: { [ANTHROPIC_API_KEY_SECRET]: apiKey ?? "" },
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
    expect(models?.length).toBeGreaterThan(0);
  });

  it("chats, with the key sent as a bearer token", async () => {
    const res = await harness.provider.chat({
      model,
      messages: [
        { role: "system", content: "You answer with one word." },
        { role: "user", content: "Reply with the single word: pong" },
      ],
      maxTokens: 10,
    });
    expect(res.output.toLowerCase()).toContain("pong");
    expect(res.usage?.totalTokens).toBeGreaterThan(0);
  });

  it("streams a tool call with usage, then answers the tool result", async () => {
    const tools = [
      {
        name: "get_weather",
        description: "Current weather for a city",
        parameters: {
          type: "object",
          properties: { city: { type: "string" } },
          required: ["city"],
        },
      },
    ];
    const question = {
      role: "user" as const,
      content: "What is the weather in Paris? Use the tool.",
    };
    const events = await collectEvents(
      harness.provider.stream?.({ model, messages: [question], tools, toolChoice: "required" }),
    );
    const end = events.find((e) => e.type === "tool-call-end");
    expect(end).toMatchObject({ name: "get_weather" });
    expect(events.find((e) => e.type === "usage")).toBeDefined();
    expect(events.at(-1)).toMatchObject({ type: "finish", finishReason: "tool_calls" });
    if (end?.type !== "tool-call-end") throw new Error("no tool call");
    const res = await harness.provider.chat({
      model,
      tools,
      messages: [
        question,
        {
          role: "assistant",
          content: null,
          toolCalls: [{ id: end.id, name: end.name, arguments: end.arguments }],
        },
        { role: "tool", toolCallId: end.id, content: '{"temperature_c":18,"sky":"clear"}' },
      ],
    });
    expect(res.output).toMatch(/18/);
  });

  it("returns structured output for json_schema and json_object", async () => {
    const schema = {
      type: "object",
      properties: { capital: { type: "string" } },
      required: ["capital"],
      additionalProperties: false,
    };
    const res = await harness.provider.chat({
      model,
      messages: [{ role: "user", content: "What is the capital of France?" }],
      responseFormat: { type: "json_schema", name: "answer", schema },
    });
    expect(JSON.parse(res.output)).toMatchObject({ capital: expect.stringMatching(/paris/i) });
    const obj = await harness.provider.chat({
      model,
      messages: [{ role: "user", content: "Give the capital of France as a JSON object." }],
      responseFormat: { type: "json_object" },
    });
    expect(typeof JSON.parse(obj.output)).toBe("object");
  });

  it("streams extended thinking as reasoning", async () => {
    const events = await collectEvents(
      harness.provider.stream?.({
        model,
        messages: [{ role: "user", content: "What is 27 * 43? Think first." }],
        providerOptions: { anthropic: { thinking: { type: "enabled", budget_tokens: 1024 } } },
      }),
    );
    expect(events.some((e) => e.type === "reasoning-delta")).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: "finish" });
  });
});
