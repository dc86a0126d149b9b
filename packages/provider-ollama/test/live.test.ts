import { pluginManifestSchema } from "@oss-ai-agent-tool/core";
import { type Harness, startHarness } from "@oss-ai-agent-tool/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import plugin from "../src/index.js";
import { resolveOllamaHost } from "../src/resolve-ollama-host.js";
import { packageManifest } from "./support/manifest.js";

// Against a real Ollama: only with OAAT_LIVE_TESTS=1 and OLLAMA_HOST set (Ollama
// needs no credential; OLLAMA_HOST says where one runs, e.g. 127.0.0.1:11434;
// OLLAMA_API_KEY is sent when set). OLLAMA_LIVE_MODEL names a pulled chat model
// (default llama3.2); OLLAMA_LIVE_EMBED_MODEL an embedding model, if any.
const live = process.env.OAAT_LIVE_TESTS === "1" && !!process.env.OLLAMA_HOST;
const model = process.env.OLLAMA_LIVE_MODEL ?? "llama3.2";
const embedModel = process.env.OLLAMA_LIVE_EMBED_MODEL;

describe.skipIf(!live)("live Ollama", () => {
  let h: Harness;
  const messages = [{ role: "user" as const, content: "Reply with the single word: pong" }];

  beforeAll(async () => {
    const manifest = pluginManifestSchema.parse(packageManifest());
    const host = resolveOllamaHost(undefined);
    // The harness's mock upstream stays idle: the provider talks to the real host,
    // through core's egress fetch allowing the default entries and that host only.
    h = await startHarness(
      {
        plugin,
        manifest,
        settings: () => ({ baseURL: host, timeoutMs: 120_000 }),
        credentials: {},
      },
      { egressAllow: [...manifest.egressHosts, new URL(host).host] },
    );
  });

  afterAll(async () => {
    await h?.close();
  });

  it("probes and lists models", async () => {
    expect((await h.provider.probe?.())?.ok).toBe(true);
    expect((await h.provider.listModels?.())?.length).toBeGreaterThan(0);
  });

  it("chats", async () => {
    const res = await h.provider.chat({ model, messages, maxTokens: 16, temperature: 0 });
    expect(res.output.length).toBeGreaterThan(0);
    expect(res.usage?.completionTokens).toBeGreaterThan(0);
  });

  it("streams, with usage before finish", async () => {
    const types: string[] = [];
    for await (const event of h.provider.stream?.({ model, messages, maxTokens: 16 }) ?? []) {
      types.push(event.type);
    }
    expect(types.at(-1)).toBe("finish");
    expect(types.at(-2)).toBe("usage");
  });

  it.skipIf(!embedModel)("embeds", async () => {
    const res = await h.provider.embed?.({ model: embedModel ?? "", input: ["a", "b"] });
    expect(res?.embeddings).toHaveLength(2);
  });
});
