import { collectEvents, reasoningOf, textOf } from "@oss-ai-agent-tool/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import plugin from "../src/index.js";
import { manifest, startOpenRouter } from "./helpers.js";

// Against the real OpenRouter API: runs only with OAAT_LIVE_TESTS=1 and
// OPENROUTER_API_KEY set. The model defaults to openai/gpt-4o-mini
// (OPENROUTER_LIVE_MODEL). Costs a fraction of a cent.
const live = process.env.OAAT_LIVE_TESTS === "1" && !!process.env.OPENROUTER_API_KEY;
const model = process.env.OPENROUTER_LIVE_MODEL ?? "openai/gpt-4o-mini";

describe.skipIf(!live)("openrouter: live API", () => {
  let harness: Awaited<ReturnType<typeof startOpenRouter>> | undefined;

  beforeAll(async () => {
    // The harness's own mock upstream is unused; the provider talks to OpenRouter.
    harness = await startOpenRouter(
      plugin,
      () => ({
        timeoutMs: 60_000,
        siteUrl: "https://github.com/oss-ai-agent-tool/oss-ai-agent-tool",
        appName: "OSS AI Agent Tool live tests",
      }),
      {},
      [...manifest.egressHosts],
    );
  });
  afterAll(async () => {
    await harness?.close();
  });

  it("answers a chat request", async () => {
    const res = await harness?.provider.chat({
      model,
      messages: [{ role: "user", content: "Reply with the single word: pong" }],
      maxTokens: 10,
    });
    expect(res?.output.toLowerCase()).toContain("pong");
    expect(res?.usage?.totalTokens).toBeGreaterThan(0);
  });

  it("streams with usage before finish, honouring routing options", async () => {
    const events = await collectEvents(
      harness?.provider.stream?.({
        model,
        messages: [{ role: "user", content: "Count from 1 to 3." }],
        maxTokens: 20,
        providerOptions: { openrouter: { provider: { allow_fallbacks: true } } },
      }),
    );
    expect(textOf(events).length).toBeGreaterThan(0);
    expect(events.some((e) => e.type === "usage")).toBe(true);
    expect(events.at(-1)?.type).toBe("finish");
    expect(typeof reasoningOf(events)).toBe("string");
  });

  it("probes the key", async () => {
    expect((await harness?.provider.probe?.())?.ok).toBe(true);
  });
});
