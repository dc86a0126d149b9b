/**
 * Against the real OpenAI API. Runs only with OAAT_LIVE_TESTS=1 and
 * OPENAI_API_KEY set; costs a few cents' worth of tokens at most.
 */
import type { ModelProvider } from "@oss-ai-agent-tool/core";
import { collectEvents, type Harness, startHarness, textOf } from "@oss-ai-agent-tool/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import openAIPlugin, { type OpenAISettings } from "../src/index.js";
import { manifest } from "./support/harness.js";

const live = process.env.OAAT_LIVE_TESTS === "1" && !!process.env.OPENAI_API_KEY;
const model = process.env.OAAT_LIVE_OPENAI_MODEL ?? "gpt-4o-mini";

describe.skipIf(!live)("live: OpenAI API", () => {
  let harness: Harness;
  let provider: ModelProvider;

  beforeAll(async () => {
    // The harness builds the plugin as the gateway does; its mock upstream stays unused,
    // and the egress policy admits only the manifest's hosts.
    harness = await startHarness<OpenAISettings>(
      {
        plugin: openAIPlugin,
        manifest,
        settings: () => ({ timeoutMs: 60_000 }),
        credentials: { "provider:openai:apiKey": process.env.OPENAI_API_KEY ?? "" },
      },
      { egressAllow: [...manifest.egressHosts] },
    );
    provider = harness.provider;
  });

  afterAll(async () => {
    await harness?.close();
  });

  it("chats", async () => {
    const res = await provider.chat({
      model,
      messages: [{ role: "user", content: "Reply with the single word: pong" }],
      maxTokens: 10,
      temperature: 0,
    });
    expect(res.output.toLowerCase()).toContain("pong");
    expect(res.usage?.totalTokens).toBeGreaterThan(0);
  }, 60_000);

  it("streams with usage before finish", async () => {
    const events = await collectEvents(
      provider.stream?.({
        model,
        messages: [{ role: "user", content: "Count from 1 to 5, digits only." }],
        maxTokens: 30,
      }),
    );
    expect(textOf(events)).toMatch(/1.*5/s);
    expect(events.at(-2)?.type).toBe("usage");
    expect(events.at(-1)?.type).toBe("finish");
  }, 60_000);

  it("calls a tool", async () => {
    const res = await provider.chat({
      model,
      messages: [{ role: "user", content: "What is the weather in Oslo?" }],
      tools: [
        {
          name: "get_weather",
          parameters: {
            type: "object",
            properties: { city: { type: "string" } },
            required: ["city"],
            additionalProperties: false,
          },
          strict: true,
        },
      ],
      toolChoice: "required",
    });
    expect(res.toolCalls?.[0]?.name).toBe("get_weather");
    expect(JSON.parse(res.toolCalls?.[0]?.arguments ?? "{}")).toMatchObject({
      city: expect.any(String),
    });
  }, 60_000);

  it("embeds, with dimensions", async () => {
    const res = await provider.embed?.({ input: ["a", "b"], dimensions: 8 });
    expect(res?.embeddings.map((v) => v.length)).toEqual([8, 8]);
  }, 60_000);

  it("refuses a temperature a reasoning model rejects, and runs it with maxTokens", async () => {
    const req = {
      model: process.env.OAAT_LIVE_OPENAI_REASONING_MODEL ?? "o4-mini",
      messages: [{ role: "user" as const, content: "What is 2+2? Answer with the number only." }],
      maxTokens: 2000,
    };
    await expect(provider.chat({ ...req, temperature: 0 })).rejects.toMatchObject({
      status: 400,
      code: "unsupported_parameter",
    });
    const res = await provider.chat(req);
    expect(res.output).toContain("4");
    expect(res.usage?.reasoningTokens).toBeGreaterThanOrEqual(0);
  }, 120_000);

  it("lists models and probes", async () => {
    expect((await provider.listModels?.())?.length).toBeGreaterThan(0);
    expect(await provider.probe?.()).toMatchObject({ ok: true });
  }, 60_000);
});
