import { collectEvents, textOf } from "@oss-ai-agent-tool/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import plugin from "../src/index.js";
import { manifest, startAzure } from "./helpers.js";

// Against the real Azure OpenAI API: runs only with OAAT_LIVE_TESTS=1,
// AZURE_OPENAI_API_KEY and AZURE_OPENAI_ENDPOINT set. The deployment defaults
// to gpt-4o-mini (AZURE_OPENAI_LIVE_DEPLOYMENT), the API version to
// 2024-10-21 (AZURE_OPENAI_LIVE_API_VERSION).
const live =
  process.env.OAAT_LIVE_TESTS === "1" &&
  !!process.env.AZURE_OPENAI_API_KEY &&
  !!process.env.AZURE_OPENAI_ENDPOINT;
const model = process.env.AZURE_OPENAI_LIVE_DEPLOYMENT ?? "gpt-4o-mini";
const apiVersion = process.env.AZURE_OPENAI_LIVE_API_VERSION ?? "2024-10-21";

describe.skipIf(!live)("azure-openai: live API", () => {
  let harness: Awaited<ReturnType<typeof startAzure>> | undefined;

  beforeAll(async () => {
    const endpointHost = new URL(process.env.AZURE_OPENAI_ENDPOINT ?? "http://localhost").hostname;
    // The harness's own mock upstream is unused; the provider talks to Azure.
    harness = await startAzure(plugin, () => ({ apiVersion, timeoutMs: 60_000 }), {}, [
      ...manifest.egressHosts,
      endpointHost,
    ]);
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

  it("streams with usage before finish", async () => {
    const events = await collectEvents(
      harness?.provider.stream?.({
        model,
        messages: [{ role: "user", content: "Count from 1 to 3." }],
        maxTokens: 20,
      }),
    );
    expect(textOf(events).length).toBeGreaterThan(0);
    expect(events.at(-1)?.type).toBe("finish");
    expect(events.some((e) => e.type === "usage")).toBe(true);
  });

  it("probes the resource", async () => {
    expect((await harness?.provider.probe?.())?.ok).toBe(true);
  });
});
