import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEgressPolicy } from "@oss-ai-agent-tool/core";
import {
  collectEvents,
  fault,
  json,
  ndjson,
  ollamaWire,
  reasoningOf,
  rejectionOf,
  requestBody,
  textOf,
} from "@oss-ai-agent-tool/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { useOllamaHarness } from "./support/harness.js";
import { packageManifest } from "./support/manifest.js";

const wire = ollamaWire();
const hello = [{ role: "user" as const, content: "Say hello." }];
const scenario = {
  id: "unused",
  model: "llama3.2",
  text: "Hello.",
  rawFinishReason: "stop",
  usage: { promptTokens: 3, completionTokens: 2, totalTokens: 5 },
};
const at = "2026-01-15T10:20:30Z";

describe("ollama provider over the official SDK", () => {
  const start = useOllamaHarness();

  describe("requests", () => {
    it("posts the mapped body to /api/chat with stream false", async () => {
      const h = await start({
        settings: (url) => ({ baseURL: `${url}/`, numCtx: 8192, keepAlive: "10m" }),
      });
      h.upstream.on("POST", "/api/chat", wire.chatReply(scenario));
      await h.provider.chat({
        model: "llama3.2",
        messages: [{ role: "system", content: "Be brief." }, ...hello],
        temperature: 0.1,
        maxTokens: 32,
        responseFormat: { type: "json_schema", name: "out", schema: { type: "object" } },
        providerOptions: { ollama: { think: false, options: { top_k: 5 } }, openai: { x: 1 } },
      });
      const request = h.upstream.requests[0];
      expect(request?.path).toBe("/api/chat");
      expect(request?.headers["content-type"]).toBe("application/json");
      expect(request?.headers.authorization).toBeUndefined();
      expect(request?.json()).toEqual({
        model: "llama3.2",
        messages: [
          { role: "system", content: "Be brief." },
          { role: "user", content: "Say hello." },
        ],
        format: { type: "object" },
        think: false,
        keep_alive: "10m",
        options: { num_ctx: 8192, top_k: 5, temperature: 0.1, num_predict: 32 },
        stream: false,
      });
    });

    it("uses the manifest's default model, then settings.defaultModel", async () => {
      const h = await start();
      h.upstream.on("POST", "/api/chat", wire.chatReply(scenario));
      await h.provider.chat({ messages: hello });
      expect(requestBody(h).model).toBe("llama3.2");
    });

    it("fails with missing_model when nothing names a model", async () => {
      const h = await start({ manifest: { defaultModel: undefined } });
      const err = await rejectionOf(h.provider.chat({ messages: hello }));
      expect(err).toMatchObject({ status: 400, code: "missing_model", retryable: false });
      expect(
        await rejectionOf(collectEvents(h.provider.stream?.({ messages: hello }))),
      ).toMatchObject({
        code: "missing_model",
      });
      expect(h.upstream.requests).toHaveLength(0);
    });

    it("refuses an http image before sending anything", async () => {
      const h = await start();
      const err = await rejectionOf(
        h.provider.chat({
          messages: [
            { role: "user", content: [{ type: "image", url: "http://169.254.169.254/x.png" }] },
          ],
        }),
      );
      expect(err).toMatchObject({ status: 400, code: "invalid_request", provider: "ollama" });
      expect(h.upstream.requests).toHaveLength(0);
    });
  });

  describe("images are never read from the gateway's disk", () => {
    let dir: string | undefined;
    afterEach(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
      dir = undefined;
    });

    it("sends image data that names a local file as bytes, on the first attempt and on a retry", async () => {
      dir = mkdtempSync(join(tmpdir(), "oaatimg"));
      // A path made of base64 characters with a length that is a multiple of four.
      let path = join(dir, "secret");
      while (path.length % 4 !== 0) path += "x";
      expect(path).toMatch(/^[A-Za-z0-9+/]+$/);
      writeFileSync(path, "TOP-SECRET-FILE-CONTENT");
      const h = await start();
      h.upstream.once("POST", "/api/chat", wire.errorReply(500, "runner crashed"));
      h.upstream.on("POST", "/api/chat", wire.chatReply(scenario));
      await h.provider.chat({
        messages: [
          { role: "user", content: [{ type: "image", data: path, mediaType: "image/png" }] },
        ],
      });
      expect(h.upstream.requests).toHaveLength(2);
      const secret = Buffer.from("TOP-SECRET-FILE-CONTENT").toString("base64");
      for (const request of h.upstream.requests) {
        expect(request.body).not.toContain(secret);
        const images = (request.json() as { messages: Array<{ images?: string[] }> }).messages[0]
          ?.images;
        expect(images).toEqual([path]);
      }
    });
  });

  describe("reasoning", () => {
    it("returns thinking as reasoning when providerOptions.ollama.think is set", async () => {
      const h = await start();
      h.upstream.on(
        "POST",
        "/api/chat",
        json({
          model: "qwen3",
          created_at: at,
          message: { role: "assistant", content: "4", thinking: "2 plus 2 is 4." },
          done: true,
          done_reason: "stop",
          prompt_eval_count: 12,
          eval_count: 9,
        }),
      );
      const res = await h.provider.chat({
        model: "qwen3",
        messages: [{ role: "user", content: "2+2?" }],
        providerOptions: { ollama: { think: true } },
      });
      expect(res).toMatchObject({ output: "4", reasoning: "2 plus 2 is 4.", model: "qwen3" });
      expect(requestBody(h).think).toBe(true);
    });

    it("streams thinking as reasoning deltas before the text", async () => {
      const h = await start();
      const line = (message: Record<string, unknown>) => ({
        model: "qwen3",
        created_at: at,
        message: { role: "assistant", content: "", ...message },
        done: false,
      });
      h.upstream.on(
        "POST",
        "/api/chat",
        ndjson([
          line({ thinking: "Add " }),
          line({ thinking: "them." }),
          line({ content: "4" }),
          { ...line({}), done: true, done_reason: "stop", prompt_eval_count: 12, eval_count: 9 },
        ]),
      );
      const events = await collectEvents(
        h.provider.stream?.({
          model: "qwen3",
          messages: [{ role: "user", content: "2+2?" }],
          providerOptions: { ollama: { think: "low" } },
        }),
      );
      expect(reasoningOf(events)).toBe("Add them.");
      expect(textOf(events)).toBe("4");
      expect(events.map((e) => e.type)).toEqual([
        "reasoning-delta",
        "reasoning-delta",
        "text-delta",
        "usage",
        "finish",
      ]);
      expect(requestBody(h)).toMatchObject({ stream: true, think: "low" });
    });

    it("accepts a reply holding only reasoning", async () => {
      const h = await start();
      h.upstream.on(
        "POST",
        "/api/chat",
        json({
          model: "qwen3",
          created_at: at,
          message: { role: "assistant", content: "", thinking: "Hmm." },
          done: true,
          done_reason: "stop",
        }),
      );
      expect((await h.provider.chat({ messages: hello })).reasoning).toBe("Hmm.");
    });
  });

  describe("aborts reach the upstream", () => {
    it("aborts a stream that hangs after its headers when the caller aborts", async () => {
      const h = await start();
      h.upstream.on("POST", "/api/chat", fault.hangAfterHeaders(ndjson([])));
      const controller = new AbortController();
      const pending = collectEvents(
        h.provider.stream?.({ messages: hello }, { signal: controller.signal }),
      );
      await h.upstream.waitUntil((u) => u.requests.length === 1);
      controller.abort();
      expect(await rejectionOf(pending)).toMatchObject({ status: 499, code: "aborted" });
      await h.upstream.waitForAbortedRequests(1);
    });

    it("aborts a stream mid-body when the caller aborts", async () => {
      const h = await start();
      h.upstream.on(
        "POST",
        "/api/chat",
        wire.streamReply?.({ ...scenario, text: "y".repeat(200) }, { delayMs: 20 }) ?? fault.hang(),
      );
      const controller = new AbortController();
      const seen: string[] = [];
      const err = await rejectionOf(
        (async () => {
          for await (const event of h.provider.stream?.(
            { messages: hello },
            { signal: controller.signal },
          ) ?? []) {
            seen.push(event.type);
            if (seen.length === 2) controller.abort();
          }
        })(),
      );
      expect(err).toMatchObject({ code: "aborted" });
      await h.upstream.waitForAbortedRequests(1);
      expect(h.upstream.requests).toHaveLength(1);
    });

    it.each([
      ["embed", "POST", "/api/embed"],
      ["listModels", "GET", "/api/tags"],
    ] as const)("aborts %s when the caller aborts", async (operation, method, path) => {
      const h = await start();
      h.upstream.on(method, path, fault.hang());
      const controller = new AbortController();
      const ctx = { signal: controller.signal };
      const pending =
        operation === "embed"
          ? h.provider.embed?.({ model: "nomic-embed-text", input: "x" }, ctx)
          : h.provider.listModels?.(ctx);
      await h.upstream.waitUntil((u) => u.requests.length === 1);
      controller.abort();
      expect(await rejectionOf(pending)).toMatchObject({ status: 499, code: "aborted" });
      await h.upstream.waitForAbortedRequests(1);
    });
  });

  describe("models", () => {
    it("lists the pulled models from /api/tags, with their family", async () => {
      const h = await start();
      h.upstream.on("GET", "/api/tags", wire.probeReply?.() ?? fault.status(500));
      expect(await h.provider.listModels?.()).toEqual([
        { id: "llama3.2:latest", ownedBy: "llama" },
        { id: "nomic-embed-text:latest", ownedBy: "nomic-bert" },
      ]);
      expect(h.upstream.requests[0]).toMatchObject({ method: "GET", path: "/api/tags" });
    });

    it("tolerates an empty list and entries without details", async () => {
      const h = await start();
      h.upstream.once("GET", "/api/tags", json({ models: [{ name: "", model: "m:1" }] }));
      h.upstream.once("GET", "/api/tags", json({}));
      expect(await h.provider.listModels?.()).toEqual([{ id: "m:1" }]);
      expect(await h.provider.listModels?.()).toEqual([]);
    });

    it("probes with one attempt only", async () => {
      const h = await start();
      h.upstream.on("GET", "/api/tags", wire.errorReply(500, "boom"));
      const result = await h.provider.probe?.();
      expect(result).toMatchObject({ ok: false, detail: expect.stringContaining("boom") });
      expect(h.upstream.requests).toHaveLength(1);
    });
  });

  describe("embeddings", () => {
    it("posts to /api/embed with dimensions and returns vectors with usage", async () => {
      const h = await start({ settings: (url) => ({ baseURL: url, keepAlive: 0 }) });
      h.upstream.on(
        "POST",
        "/api/embed",
        wire.embedReply?.({
          model: "nomic-embed-text",
          embeddings: [[0.5, -0.25]],
          promptTokens: 3,
        }) ?? fault.status(500),
      );
      const res = await h.provider.embed?.({
        model: "nomic-embed-text",
        input: "hi",
        dimensions: 2,
      });
      expect(res).toEqual({
        provider: "ollama",
        model: "nomic-embed-text",
        embeddings: [[0.5, -0.25]],
        usage: { promptTokens: 3, totalTokens: 3 },
      });
      expect(requestBody(h)).toEqual({
        model: "nomic-embed-text",
        input: "hi",
        dimensions: 2,
        keep_alive: 0,
      });
    });
  });

  describe("the optional API key", () => {
    it("sends none when neither the store nor OLLAMA_API_KEY has one", async () => {
      const saved = process.env.OLLAMA_API_KEY;
      delete process.env.OLLAMA_API_KEY;
      try {
        const h = await start();
        h.upstream.on("POST", "/api/chat", wire.chatReply(scenario));
        await h.provider.chat({ messages: hello });
        expect(h.upstream.requests[0]?.headers.authorization).toBeUndefined();
      } finally {
        if (saved !== undefined) process.env.OLLAMA_API_KEY = saved;
      }
    });

    it("reads OLLAMA_API_KEY when the store has no key, on every operation", async () => {
      const saved = process.env.OLLAMA_API_KEY;
      process.env.OLLAMA_API_KEY = "ollama-env-key-123";
      try {
        const h = await start();
        h.upstream.on("POST", "/api/chat", wire.chatReply(scenario));
        h.upstream.on("GET", "/api/tags", wire.probeReply?.() ?? fault.status(500));
        await h.provider.chat({ messages: hello });
        await h.provider.listModels?.();
        for (const request of h.upstream.requests) {
          expect(request.headers.authorization).toBe("Bearer ollama-env-key-123");
        }
      } finally {
        if (saved === undefined) delete process.env.OLLAMA_API_KEY;
        else process.env.OLLAMA_API_KEY = saved;
      }
    });

    it("starts sending a key stored later, without a restart", async () => {
      const h = await start();
      h.upstream.on("POST", "/api/chat", wire.chatReply(scenario));
      await h.provider.chat({ messages: hello });
      await h.secrets.set("provider:ollama:apiKey", "added-later-456");
      await h.provider.chat({ messages: hello });
      expect(h.upstream.requests.map((r) => r.headers.authorization)).toEqual([
        undefined,
        "Bearer added-later-456",
      ]);
    });
  });

  describe("host", () => {
    it("reads a scheme-less OLLAMA_HOST when settings name no baseURL", async () => {
      const saved = process.env.OLLAMA_HOST;
      try {
        const h = await start({
          settings: (url) => {
            process.env.OLLAMA_HOST = new URL(url).host;
            return {};
          },
        });
        h.upstream.on("POST", "/api/chat", wire.chatReply(scenario));
        expect((await h.provider.chat({ messages: hello })).output).toBe("Hello.");
      } finally {
        if (saved === undefined) delete process.env.OLLAMA_HOST;
        else process.env.OLLAMA_HOST = saved;
      }
    });

    it("keeps a proxy path prefix of baseURL", async () => {
      const h = await start({ settings: (url) => ({ baseURL: `${url}/ollama/` }) });
      h.upstream.on("POST", "/ollama/api/chat", wire.chatReply(scenario));
      await h.provider.chat({ messages: hello });
      expect(h.upstream.requests[0]?.path).toBe("/ollama/api/chat");
    });

    it("fails to build, naming the field, on invalid settings", async () => {
      await expect(start({ settings: () => ({ baseURL: "127.0.0.1:11434" }) })).rejects.toThrow(
        "providers.settings.ollama.baseURL",
      );
      await expect(start({ settings: () => ({ numCtx: -1 }) })).rejects.toThrow(
        "providers.settings.ollama.numCtx",
      );
    });

    it("fails to build, naming OLLAMA_HOST, on an unusable OLLAMA_HOST", async () => {
      const saved = process.env.OLLAMA_HOST;
      process.env.OLLAMA_HOST = "gopher://box";
      try {
        await expect(start({ settings: () => ({}) })).rejects.toThrow("OLLAMA_HOST");
      } finally {
        if (saved === undefined) delete process.env.OLLAMA_HOST;
        else process.env.OLLAMA_HOST = saved;
      }
    });
  });

  describe("egress", () => {
    const policy = createEgressPolicy({ mode: "enforce", allow: [] }).extend(
      packageManifest().egressHosts ?? [],
    );

    it.each([
      "http://127.0.0.1:11434/api/chat",
      "http://localhost:11434/api/tags",
      "http://[::1]:11434/api/embed",
    ])("lets the default entries reach %s", (url) => {
      expect(policy.check(url, "ollama")).toMatchObject({ allowed: true });
    });

    it.each([
      ["http://127.0.0.1:8080/", "private_address"],
      ["http://10.0.0.7:11434/", "private_address"],
      ["http://169.254.169.254/latest/meta-data", "private_address"],
      ["https://ollama.com/api/chat", "not_allowlisted"],
    ])("opens nothing else: %s is refused (%s)", (url, reason) => {
      expect(policy.check(url, "ollama")).toMatchObject({ allowed: false, reason });
    });

    it("blocks a loopback upstream on another port before any byte leaves", async () => {
      const h = await start({ egressAllow: packageManifest().egressHosts ?? [] });
      h.upstream.on("POST", "/api/chat", wire.chatReply(scenario));
      expect(await rejectionOf(h.provider.chat({ messages: hello }))).toMatchObject({
        status: 403,
        code: "egress_blocked",
      });
      expect(h.upstream.requests).toHaveLength(0);
    });
  });
});
