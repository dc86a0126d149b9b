import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { createMockUpstream, type MockUpstream, openAIChatWire } from "@oss-ai-agent-tool/testkit";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir, removeTempDir, TEST_PLUGINS_DIR } from "../discovery/temp-packages.js";

// Runs the built `oaat` binary as a user would. `pnpm test` builds only the
// dependencies first, so a missing or stale dist/ is built here.

const PACKAGE_DIR = path.join(import.meta.dirname, "..", "..");
const CLI = path.join(PACKAGE_DIR, "dist", "cli.js");
const BUILD_TIMEOUT_MS = 120_000;

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function ensureBuilt(): void {
  const sources = Math.max(
    newestMtime(path.join(PACKAGE_DIR, "src")),
    statSync(path.join(PACKAGE_DIR, "tsup.config.ts")).mtimeMs,
  );
  if (existsSync(CLI) && statSync(CLI).mtimeMs >= sources) return;
  // tsup is a root dev dependency; run its CLI with this Node so no package manager is needed on PATH.
  const require = createRequire(path.join(PACKAGE_DIR, "package.json"));
  const tsupPkg = require.resolve("tsup/package.json");
  const bin = (require(tsupPkg) as { bin: Record<string, string> }).bin.tsup as string;
  const started = Date.now();
  try {
    execFileSync(process.execPath, [path.join(path.dirname(tsupPkg), bin)], {
      cwd: PACKAGE_DIR,
      stdio: "pipe",
      timeout: BUILD_TIMEOUT_MS,
    });
  } catch (err) {
    // The JavaScript is written before declarations are generated: a type
    // error elsewhere (the typecheck task's business) must not hide the
    // binary's runtime behaviour, so only a missing fresh cli.js fails here.
    const fresh = existsSync(CLI) && statSync(CLI).mtimeMs >= started - 1_000;
    if (!fresh) {
      const output = (err as { stderr?: Buffer }).stderr?.toString() ?? String(err);
      throw new Error(`building ${CLI} with tsup failed:\n${output}`);
    }
  }
  if (!existsSync(CLI)) throw new Error(`tsup ran but ${CLI} is still missing`);
}

interface Run {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children: ChildProcess[] = [];
let tmp: string;
let upstream: MockUpstream;

function oaat(args: string[], env: Record<string, string> = {}): Run {
  // A minimal environment: nothing like OAAT_CONFIG or a real $HOME leaks in from the developer's shell.
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: tmp,
    env: { PATH: process.env.PATH ?? "", HOME: tmp, USERPROFILE: tmp, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let out = "";
  let err = "";
  child.stdout?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    err += d.toString();
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on("exit", (code, signal) => resolve({ code, signal }));
  });
  return { child, stdout: () => out, stderr: () => err, exit };
}

/** The URL from the "listening" log line (port 0 makes it unknown until then). */
async function listeningUrl(run: Run, timeoutMs = 10_000): Promise<string> {
  const started = Date.now();
  for (;;) {
    for (const line of run.stdout().split("\n")) {
      if (!line.startsWith("{")) continue;
      const entry = JSON.parse(line) as { msg?: string; url?: string };
      if (entry.msg?.startsWith("oaat gateway listening on") && entry.url) return entry.url;
    }
    if (run.child.exitCode !== null) {
      throw new Error(`oaat exited early (${run.child.exitCode}):\n${run.stderr()}${run.stdout()}`);
    }
    if (Date.now() - started > timeoutMs) {
      throw new Error(`no "listening" line within ${timeoutMs} ms:\n${run.stdout()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function writeConfig(name: string, config: Record<string, unknown>): Promise<string> {
  const file = path.join(tmp, name);
  await writeFile(file, JSON.stringify(config));
  return file;
}

beforeAll(async () => {
  ensureBuilt();
  tmp = await makeTempDir("oaat-binary");
  upstream = await createMockUpstream();
}, BUILD_TIMEOUT_MS);

afterEach(() => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
});

afterAll(async () => {
  await upstream?.close();
  await removeTempDir(tmp);
});

describe("the built oaat binary", () => {
  it("prints its version", async () => {
    const run = oaat(["--version"]);
    expect(await run.exit).toEqual({ code: 0, signal: null });
    expect(run.stdout()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("serves, answers /healthz and a chat, and exits 0 on SIGTERM within the drain deadline", async () => {
    const wire = openAIChatWire();
    upstream.on(
      "POST",
      wire.routes.chat.path,
      wire.chatReply({
        id: "chatcmpl-bin",
        model: "keyless-model-1",
        text: "served by the binary",
        rawFinishReason: "stop",
        usage: { promptTokens: 1, completionTokens: 4, totalTokens: 5 },
      }),
    );
    const config = await writeConfig("serve.json", {
      server: { host: "127.0.0.1", drainTimeoutMs: 1_000 },
      plugins: [path.join(TEST_PLUGINS_DIR, "keyless")],
      providers: { settings: { keyless: { baseURL: `${upstream.url}/v1`, retryAttempts: 1 } } },
      network: { egress: { mode: "enforce", allow: ["127.0.0.1"] } },
      metrics: { processMetrics: false },
    });
    const run = oaat(["serve", "--config", config, "--port", "0"]);
    const url = await listeningUrl(run);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });

    const chat = await fetch(`${url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        model: "keyless/keyless-model-1",
        messages: [{ role: "user", content: "hi" }],
      }),
    });
    expect(chat.status).toBe(200);
    expect(await chat.json()).toMatchObject({
      choices: [{ message: { content: "served by the binary" } }],
    });

    const signalled = performance.now();
    run.child.kill("SIGTERM");
    const exit = await run.exit;
    expect(exit).toEqual({ code: 0, signal: null });
    // The drain deadline (1 s) plus process teardown.
    expect(performance.now() - signalled).toBeLessThan(3_000);
    const messages = run
      .stdout()
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => (JSON.parse(l) as { msg: string }).msg);
    expect(messages).toContain("shutting down");
    expect(messages.at(-1)).toBe("stopped");
  });

  it("exits 3 with the key path on stderr for a bad config", async () => {
    const config = await writeConfig("bad.json", { server: { port: 99_999 } });
    const run = oaat(["serve", "--config", config]);
    expect(await run.exit).toEqual({ code: 3, signal: null });
    expect(run.stderr()).toContain("server.port");
    expect(run.stderr()).toContain(config);
    expect(run.stderr()).not.toMatch(/\n\s+at /);
  });

  it("exits 3 when OAAT_PORT is not a port, and 2 on a bad flag", async () => {
    const config = await writeConfig("ok.json", { metrics: { processMetrics: false } });
    const badEnv = oaat(["serve", "--config", config], { OAAT_PORT: "http" });
    expect(await badEnv.exit).toEqual({ code: 3, signal: null });
    expect(badEnv.stderr()).toContain("OAAT_PORT");

    const badFlag = oaat(["serve", "--prot", "1"]);
    expect(await badFlag.exit).toEqual({ code: 2, signal: null });
    expect(badFlag.stderr()).toContain("--prot");
  });
});
