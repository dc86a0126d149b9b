import net from "node:net";
import path from "node:path";
import { Writable } from "node:stream";
import { createMockUpstream, type MockUpstream, openAIChatWire } from "@oss-ai-agent-tool/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { type GatewayConfigInput, resolveConfig } from "../../src/config/index.js";
import { createLogger } from "../../src/logging/create-logger.js";
import { isLoopbackHost } from "../../src/server/is-loopback-host.js";
import { bindHost, type RunningServer, startServer } from "../../src/server/start-server.js";
import { TEST_PLUGINS_DIR } from "../discovery/temp-packages.js";

const wire = openAIChatWire();
const ALPHA_KEY = "sk-alpha-server-test";
const HASH = `sha256:${"a".repeat(64)}`;

let running: RunningServer | undefined;
let upstream: MockUpstream | undefined;

afterEach(async () => {
  await running?.stop();
  await upstream?.close();
  running = undefined;
  upstream = undefined;
});

interface Started {
  running: RunningServer;
  logLines(): Array<{ level: number; msg: string } & Record<string, unknown>>;
}

async function start(raw: GatewayConfigInput): Promise<Started> {
  upstream ??= await createMockUpstream();
  const env = { ALPHA_API_KEY: ALPHA_KEY };
  const config = resolveConfig(
    {
      ...raw,
      server: { host: "127.0.0.1", port: 0, ...raw.server },
      plugins: [path.join(TEST_PLUGINS_DIR, "alpha")],
      providers: {
        settings: { alpha: { baseURL: `${upstream.url}/v1`, retryAttempts: 1 } },
      },
      network: { egress: { mode: "enforce", allow: ["127.0.0.1"] } },
      metrics: { processMetrics: false },
    },
    { env },
  );
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  running = await startServer({
    config,
    baseDir: TEST_PLUGINS_DIR,
    env,
    logger: createLogger({ level: "info", destination }),
    installRoots: [],
  });
  return {
    running,
    logLines: () =>
      lines
        .join("")
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { level: number; msg: string }),
  };
}

describe("isLoopbackHost", () => {
  it.each([
    ["127.0.0.1", true],
    ["127.1.2.3", true],
    ["localhost", true],
    ["LOCALHOST", true],
    ["::1", true],
    ["[::1]", true],
    ["0.0.0.0", false],
    ["::", false],
    ["192.168.1.10", false],
    ["example.com", false],
    ["127.0.0.1.example.com", false],
  ])("%s → %s", (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});

describe("bindHost", () => {
  const configFor = (host: string) => resolveConfig({ server: { host } }, { env: {} });

  it("binds loopback instead of a public address when no API keys are configured", () => {
    expect(bindHost(configFor("0.0.0.0"), false)).toEqual({ host: "127.0.0.1", overridden: true });
    expect(bindHost(configFor("::"), false)).toEqual({ host: "127.0.0.1", overridden: true });
    expect(bindHost(configFor("10.1.2.3"), false)).toEqual({
      host: "127.0.0.1",
      overridden: true,
    });
  });

  it("keeps a loopback host without keys, and any host with keys", () => {
    expect(bindHost(configFor("127.0.0.1"), false)).toEqual({
      host: "127.0.0.1",
      overridden: false,
    });
    expect(bindHost(configFor("::1"), false)).toEqual({ host: "::1", overridden: false });
    expect(bindHost(configFor("0.0.0.0"), true)).toEqual({ host: "0.0.0.0", overridden: false });
  });
});

describe("startServer", () => {
  it("refuses to listen publicly without API keys, binds 127.0.0.1 and warns loudly", async () => {
    const { running, logLines } = await start({ server: { host: "0.0.0.0" } });
    expect(running.host).toBe("127.0.0.1");
    expect(running.url).toBe(`http://127.0.0.1:${running.port}`);
    const warning = logLines().find((l) => l.msg.includes("NO API KEYS ARE CONFIGURED"));
    expect(warning).toMatchObject({ level: 40, configuredHost: "0.0.0.0", boundHost: "127.0.0.1" });
    expect(warning?.msg).toContain("refusing to listen on 0.0.0.0");
    expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
  });

  it("warns, less loudly, when serving loopback without keys; and not at all with keys", async () => {
    const open = await start({});
    expect(
      open.logLines().some((l) => l.level === 40 && l.msg.includes("anyone on this machine")),
    ).toBe(true);
    await open.running.stop();

    const keyed = await start({ auth: { apiKeys: [{ tenant: "t", hash: HASH }] } });
    expect(keyed.logLines().some((l) => /API KEYS|anyone on this machine/i.test(l.msg))).toBe(
      false,
    );
    // With keys configured, the API needs one.
    const res = await fetch(`${keyed.running.url}/v1/models`);
    expect(res.status).toBe(401);
  });

  it("logs the URL it listens on, with the port actually bound", async () => {
    const { running, logLines } = await start({});
    const line = logLines().find((l) => l.msg.startsWith("oaat gateway listening on"));
    expect(line).toMatchObject({ url: running.url, providers: ["alpha"] });
    expect(running.port).toBeGreaterThan(0);
  });

  it("fails to start on a port in use, releasing what it created", async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const err = await start({ server: { port } }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect((err as NodeJS.ErrnoException).code).toBe("EADDRINUSE");
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });
});

describe("draining", () => {
  function streamScenario(text: string) {
    return {
      id: "chatcmpl-drain",
      model: "alpha-model-1",
      text,
      rawFinishReason: "stop",
      usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 },
    };
  }

  /** Opens a streaming chat and resolves once its first bytes have arrived. */
  async function openStream(url: string) {
    const res = await fetch(`${url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        model: "alpha/alpha-model-1",
        stream: true,
        messages: [{ role: "user", content: "hi" }],
      }),
    });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = decoder.decode((await reader.read()).value, { stream: true });
    const rest = (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return text;
        text += decoder.decode(value, { stream: true });
      }
    })();
    return { rest };
  }

  it("lets a stream that ends within server.drainTimeoutMs finish", async () => {
    const { running } = await start({ server: { drainTimeoutMs: 3_000 } });
    // 6 frames, 40 ms apart: well inside the drain deadline.
    upstream!.on(
      "POST",
      wire.routes.stream!.path,
      wire.streamReply!(streamScenario("abcdefghijklmno"), { delayMs: 40 }),
    );
    const stream = await openStream(running.url);
    const started = performance.now();
    await running.stop();
    const stoppedAfter = performance.now() - started;
    const body = await stream.rest;
    expect(body).toContain("data: [DONE]");
    expect(body).not.toContain("shutting_down");
    const text = body
      .split("\n")
      .filter((l) => l.startsWith("data: {"))
      .map((l) => JSON.parse(l.slice(6)) as { choices: Array<{ delta?: { content?: string } }> })
      .map((c) => c.choices[0]?.delta?.content ?? "")
      .join("");
    expect(text).toBe("abcdefghijklmno");
    // stop() waited for the stream rather than hitting the deadline.
    expect(stoppedAfter).toBeLessThan(2_500);
  });

  it("ends a stream that outlasts the deadline with a shutting_down error event, not a cut", async () => {
    const { running, logLines } = await start({ server: { drainTimeoutMs: 300 } });
    // About 40 frames, 100 ms apart: far longer than the deadline.
    upstream!.on(
      "POST",
      wire.routes.stream!.path,
      wire.streamReply!(streamScenario("x".repeat(120)), { delayMs: 100 }),
    );
    const stream = await openStream(running.url);
    const started = performance.now();
    await running.stop();
    const stoppedAfter = performance.now() - started;
    const body = await stream.rest;
    expect(stoppedAfter).toBeGreaterThanOrEqual(290);
    expect(stoppedAfter).toBeLessThan(2_000);
    const last = body.trim().split("\n").filter(Boolean).at(-1) ?? "";
    expect(last.startsWith("data: ")).toBe(true);
    const event = JSON.parse(last.slice(6)) as { error: { code: string; message: string } };
    expect(event.error.code).toBe("shutting_down");
    expect(event.error.message).toContain("shutting down");
    expect(body).not.toContain("[DONE]");
    expect(logLines().some((l) => l.msg === "drain deadline passed; ending open streams")).toBe(
      true,
    );
    // The upstream call was aborted rather than left running.
    await upstream!.waitForAbortedRequests(1);
  });

  it("answers 503 on /readyz and to new API requests while draining, and stays live", async () => {
    const { running } = await start({});
    expect((await fetch(`${running.url}/readyz`)).status).toBe(200);
    running.server.startDraining();

    const ready = await fetch(`${running.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: "draining" });

    const chat = await fetch(`${running.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        model: "alpha/alpha-model-1",
        messages: [{ role: "user", content: "hi" }],
      }),
    });
    expect(chat.status).toBe(503);
    expect(await chat.json()).toMatchObject({ error: { code: "shutting_down" } });
    expect(upstream!.requests).toEqual([]);

    expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
  });

  it("stops accepting connections during stop() while the open stream finishes", async () => {
    const { running } = await start({ server: { drainTimeoutMs: 3_000 } });
    upstream!.on(
      "POST",
      wire.routes.stream!.path,
      wire.streamReply!(streamScenario("y".repeat(30)), { delayMs: 40 }),
    );
    const stream = await openStream(running.url);
    const started = performance.now();
    const stopping = running.stop();
    expect(running.server.draining).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(fetch(`${running.url}/readyz`)).rejects.toThrow();
    await stopping;
    expect(await stream.rest).toContain("data: [DONE]");
    expect(performance.now() - started).toBeLessThan(2_500);
  });

  it("is idempotent", async () => {
    const { running } = await start({});
    const a = running.stop();
    const b = running.stop();
    expect(a).toBe(b);
    await a;
    expect(running.server.app.server.listening).toBe(false);
  });
});
