import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  createMockUpstream,
  type MockUpstream,
  openAIChatWire,
  requestBody,
} from "@oss-ai-agent-tool/testkit";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EXIT_CODES } from "../../src/cli/exit-codes.js";
import {
  CHAT_HELP,
  CONFIG_HELP,
  HASH_KEY_HELP,
  MAIN_HELP,
  PROVIDERS_HELP,
  SERVE_HELP,
} from "../../src/cli/help-texts.js";
import { runCli } from "../../src/cli/run-cli.js";
import { makeTempDir, removeTempDir, TEST_PLUGINS_DIR } from "../discovery/temp-packages.js";
import { fakeIO } from "./fake-io.js";

const wire = openAIChatWire();
const ALPHA_KEY = "sk-alpha-cli-test-key";

let dir: string;
let upstream: MockUpstream;

/** Writes a config file in the temp dir; plugins come only from `plugins:`, secrets never from $HOME. */
async function writeConfig(name: string, config: Record<string, unknown>): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(
    file,
    JSON.stringify({
      secrets: { file: "./secrets.json" },
      // Only the plugins each test lists: the provider packages installed next to oaat stay out.
      discovery: { installed: false },
      metrics: { processMetrics: false },
      network: { egress: { mode: "enforce", allow: ["127.0.0.1"] } },
      ...config,
    }),
  );
  return file;
}

const plugin = (name: string) => path.join(TEST_PLUGINS_DIR, name);

async function run(argv: string[], options: { env?: Record<string, string>; stdin?: string } = {}) {
  const fake = fakeIO({ cwd: dir, ...options });
  const code = await runCli(argv, fake.io);
  return { code, stdout: fake.stdout(), stderr: fake.stderr() };
}

let working: string;

beforeAll(async () => {
  dir = await makeTempDir("cli");
  upstream = await createMockUpstream();
  working = await writeConfig("working.json", {
    plugins: [plugin("alpha"), plugin("beta"), plugin("keyless")],
    providers: {
      settings: { alpha: { baseURL: `${upstream.url}/v1`, retryAttempts: 1 } },
    },
  });
});

beforeEach(() => {
  upstream.reset();
});

afterAll(async () => {
  await upstream?.close();
  await removeTempDir(dir);
});

describe("oaat: help, version and usage errors", () => {
  it.each([["--help"], ["-h"], ["help"]])("%s prints the main help and exits 0", async (flag) => {
    const r = await run([flag]);
    expect(r).toEqual({ code: 0, stdout: MAIN_HELP, stderr: "" });
    for (const command of ["serve", "providers", "chat", "config check", "hash-key"]) {
      expect(r.stdout).toContain(`  ${command}`);
    }
  });

  it("prints the main help with exit code 2 when no command is given", async () => {
    expect(await run([])).toEqual({ code: 2, stdout: MAIN_HELP, stderr: "" });
  });

  it.each([
    ["serve", SERVE_HELP],
    ["providers", PROVIDERS_HELP],
    ["chat", CHAT_HELP],
    ["config", CONFIG_HELP],
    ["hash-key", HASH_KEY_HELP],
  ])("%s --help prints its usage and exits 0", async (command, help) => {
    const r = await run([command, "--help"]);
    expect(r).toEqual({ code: 0, stdout: help, stderr: "" });
    expect(r.stdout).toContain(`Usage: oaat ${command}`);
    expect((await run([command, "-h"])).stdout).toBe(help);
  });

  it("--version prints the package version", async () => {
    const pkg = JSON.parse(
      await readFile(path.join(import.meta.dirname, "..", "..", "package.json"), "utf8"),
    ) as { version: string };
    for (const flag of ["--version", "-v"]) {
      expect(await run([flag])).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: "" });
    }
  });

  it("exits 2 on an unknown command, naming it", async () => {
    const r = await run(["frobnicate"]);
    expect(r.code).toBe(EXIT_CODES.usage);
    expect(r.stderr).toContain('oaat: unknown command "frobnicate"');
    expect(r.stderr).toContain("Usage: oaat <command>");
    expect(r.stdout).toBe("");
  });

  it.each([
    [["serve", "--bogus"], "--bogus"],
    [["serve", "--port", "http"], '--port: expected a port number from 0 to 65535, got "http"'],
    [["serve", "extra"], 'serve: unexpected argument "extra"'],
    [["providers", "--verbose"], "--verbose"],
    [["providers", "extra"], 'providers: unexpected argument "extra"'],
    [["chat"], "chat: expected one prompt"],
    [["chat", "one", "two"], "chat: expected one prompt"],
    [["chat", "   "], "chat: the prompt is empty"],
    [["config", "validate"], 'config: unknown subcommand "validate"'],
    [["hash-key", "a", "b"], "hash-key: expected at most one key"],
  ])("exits 2 on %j", async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(EXIT_CODES.usage);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain(`Run "oaat ${argv[0]} --help" for usage.`);
  });

  it("prints the config help with exit code 2 for a bare `oaat config`", async () => {
    expect(await run(["config"])).toEqual({ code: 2, stdout: CONFIG_HELP, stderr: "" });
  });
});

describe("oaat config check", () => {
  it("exits 0 for a valid config, listing what is not enabled and why", async () => {
    const r = await run(["config", "check", "--config", working], {
      env: { ALPHA_API_KEY: ALPHA_KEY },
    });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("config OK: 3 provider plugin(s) found, enabled: alpha, keyless\n");
    expect(r.stdout).toContain(
      '  beta: unconfigured (missing API key: set BETA_API_KEY (or secret "provider:beta:apiKey"))\n',
    );
  });

  it("exits 3 naming the key path for an invalid file", async () => {
    const bad = await writeConfig("bad-port.json", { server: { port: "eighty" } });
    const r = await run(["config", "check", "-c", bad]);
    expect(r.code).toBe(EXIT_CODES.config);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`oaat: invalid config (${bad}):`);
    expect(r.stderr).toMatch(/ {2}- server\.port: /);
  });

  it("exits 3 naming the key path when the config disagrees with the installed plugins", async () => {
    const bad = await writeConfig("bad-plugins.json", {
      plugins: [plugin("alpha")],
      providers: {
        enabled: ["alpha", "openai"],
        settings: { alpha: { timeoutMs: "soon" } },
      },
    });
    const r = await run(["config", "check", "--config", bad]);
    expect(r.code).toBe(EXIT_CODES.config);
    expect(r.stderr).toContain(
      'providers.enabled[1]: no installed provider plugin is named "openai"',
    );
    expect(r.stderr).toContain("providers.settings.alpha.timeoutMs: must be integer");
  });

  it("exits 3 naming auth.apiKeys[i] for two entries with one key", async () => {
    const hash = `sha256:${"b".repeat(64)}`;
    const bad = await writeConfig("dup-keys.json", {
      auth: {
        apiKeys: [
          { tenant: "a", hash },
          { tenant: "b", hash },
        ],
      },
    });
    const r = await run(["config", "check", "--config", bad]);
    expect(r.code).toBe(EXIT_CODES.config);
    expect(r.stderr).toContain(`oaat: invalid config (${bad}):`);
    expect(r.stderr).toContain("  - auth.apiKeys[1].hash: same key as entry 0");
  });

  it("exits 3 naming secrets.passphraseEnv when that variable is not set", async () => {
    const bad = await writeConfig("passphrase.json", {
      secrets: { file: "./secrets.json", passphraseEnv: "OAAT_TEST_PASSPHRASE" },
    });
    const r = await run(["config", "check", "--config", bad]);
    expect(r.code).toBe(EXIT_CODES.config);
    expect(r.stderr).toContain(`oaat: invalid config (${bad}):`);
    expect(r.stderr).toContain(
      "secrets.passphraseEnv: environment variable OAAT_TEST_PASSPHRASE is not set",
    );
  });

  it("exits 3 naming the flag when the file does not exist", async () => {
    const r = await run(["config", "check", "--config", "missing.yaml"]);
    expect(r.code).toBe(EXIT_CODES.config);
    expect(r.stderr).toContain("--config: config file not found: missing.yaml");
  });

  it("finds ./oaat.config.yaml in the working directory", async () => {
    await writeFile(path.join(dir, "oaat.config.yaml"), "server:\n  port: [1\n");
    try {
      const r = await run(["config", "check"]);
      expect(r.code).toBe(EXIT_CODES.config);
      expect(r.stderr).toContain(path.join(dir, "oaat.config.yaml"));
      expect(r.stderr).toMatch(/line \d+, column \d+/);
    } finally {
      await writeFile(path.join(dir, "oaat.config.yaml"), "{}\n");
    }
  });
});

describe("oaat providers", () => {
  it("prints a table of the plugins with version, status, source and what is missing", async () => {
    const r = await run(["providers", "--config", working], { env: { ALPHA_API_KEY: ALPHA_KEY } });
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^ID\s+PACKAGE\s+VERSION\s+STATUS\s+SOURCE\s+DETAILS$/);
    const row = (id: string) => lines.find((l) => l.startsWith(`${id} `))?.split(/\s{2,}/);
    expect(row("alpha")).toEqual([
      "alpha",
      "@oaat-test/provider-alpha",
      "1.2.3",
      "enabled",
      "config",
    ]);
    expect(row("beta")).toEqual([
      "beta",
      "@oaat-test/provider-beta",
      "1.2.3",
      "unconfigured",
      "config",
      "missing: BETA_API_KEY",
    ]);
    expect(row("keyless")?.[3]).toBe("enabled");
  });

  it("prints JSON with --json, and exits 1 when a plugin is broken", async () => {
    const withBroken = await writeConfig("with-broken.json", {
      plugins: [plugin("alpha"), plugin("broken-manifest"), plugin("import-fails")],
    });
    const r = await run(["providers", "--json", "--config", withBroken]);
    expect(r.code).toBe(EXIT_CODES.failure);
    const list = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    const byId = Object.fromEntries(list.map((p) => [p.id, p]));
    expect(byId.alpha).toEqual({
      id: "alpha",
      package: "@oaat-test/provider-alpha",
      version: "1.2.3",
      source: "config",
      status: "unconfigured",
      missingCredentials: ["ALPHA_API_KEY"],
      reason: 'missing API key: set ALPHA_API_KEY (or secret "provider:alpha:apiKey")',
    });
    expect(byId["@oaat-test/provider-broken-manifest"]).toMatchObject({
      status: "broken",
      version: null,
      reason: expect.stringContaining("oaat.id"),
    });
    // Listing imports nothing, so an entry that fails on import is not known to be broken yet.
    expect(byId["import-fails"]).toMatchObject({ status: "enabled", reason: null });
  });

  it("exits 3 for an invalid config", async () => {
    const bad = await writeConfig("bad-route.json", { providers: { defaultRoute: "fastest" } });
    const r = await run(["providers", "--config", bad]);
    expect(r.code).toBe(EXIT_CODES.config);
    expect(r.stderr).toContain("providers.defaultRoute");
  });
});

describe("oaat hash-key", () => {
  const expected = `sha256:${createHash("sha256").update("k1").digest("hex")}\n`;

  it("prints the sha256 form of a key", async () => {
    expect(await run(["hash-key", "k1"])).toEqual({ code: 0, stdout: expected, stderr: "" });
  });

  it("reads the key from stdin with '-' or no argument, trimming the newline", async () => {
    expect((await run(["hash-key", "-"], { stdin: "k1\n" })).stdout).toBe(expected);
    expect((await run(["hash-key"], { stdin: "k1" })).stdout).toBe(expected);
  });

  it("exits 2 on an empty key", async () => {
    const r = await run(["hash-key"], { stdin: "\n" });
    expect(r.code).toBe(EXIT_CODES.usage);
    expect(r.stderr).toContain("hash-key: the key is empty");
  });
});

describe("oaat chat", () => {
  const scenario = {
    id: "chatcmpl-cli",
    model: "alpha-model-1",
    text: "Hello from alpha, streamed",
    rawFinishReason: "stop",
    usage: { promptTokens: 5, completionTokens: 6, totalTokens: 11 },
  };
  const env = { ALPHA_API_KEY: ALPHA_KEY };

  it("streams the reply from the upstream to stdout and exits 0", async () => {
    upstream.on("POST", wire.routes.stream!.path, wire.streamReply!(scenario));
    const r = await run(["chat", "--config", working, "-m", "alpha/alpha-model-1", "hi"], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("Hello from alpha, streamed\n");
    expect(r.stderr).toBe("[alpha/alpha-model-1 · 5+6 tokens]\n");
    const sent = upstream.requests[0];
    expect(wire.credentialOf(sent!)).toBe(ALPHA_KEY);
    expect(sent?.json()).toMatchObject({
      model: "alpha-model-1",
      stream: true,
      messages: [{ role: "user", content: "hi" }],
    });
  });

  it("waits for the whole reply with --no-stream, sends --system, and reads '-' from stdin", async () => {
    upstream.on("POST", wire.routes.chat.path, wire.chatReply(scenario));
    const r = await run(
      [
        "chat",
        "--config",
        working,
        "--no-stream",
        "-m",
        "alpha/alpha-model-1",
        "-s",
        "Be brief.",
        "-",
      ],
      { env, stdin: "question from stdin\n" },
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("Hello from alpha, streamed\n");
    expect(r.stderr).toBe("[alpha/alpha-model-1 · 5+6 tokens]\n");
    expect(requestBody(upstream)).toMatchObject({
      stream: false,
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "question from stdin\n" },
      ],
    });
  });

  it("uses the default provider without -m", async () => {
    upstream.on("POST", wire.routes.stream!.path, wire.streamReply!(scenario));
    const r = await run(["chat", "--config", working, "hello"], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("Hello from alpha, streamed\n");
    // The provider's default model, since none was named.
    expect(requestBody(upstream)).toMatchObject({ model: "alpha-model-1" });
  });

  it("exits 1 with the reason on stderr when the upstream fails", async () => {
    upstream.on("POST", wire.routes.stream!.path, wire.errorReply(500, "upstream exploded"));
    const r = await run(["chat", "--config", working, "-m", "alpha/alpha-model-1", "hi"], { env });
    expect(r.code).toBe(EXIT_CODES.failure);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/oaat chat: .*upstream exploded.* \(status 500\)/);
    expect(r.stderr).not.toContain(ALPHA_KEY);
  });

  it("exits 1 for an unknown provider", async () => {
    const r = await run(["chat", "--config", working, "-m", "nope/model", "hi"], { env });
    expect(r.code).toBe(EXIT_CODES.failure);
    expect(r.stderr).toContain('unknown provider "nope"');
    expect(upstream.requests).toEqual([]);
  });

  it("exits 1 explaining why when no provider is enabled", async () => {
    const none = await writeConfig("none.json", { plugins: [plugin("beta")] });
    const r = await run(["chat", "--config", none, "hi"]);
    expect(r.code).toBe(EXIT_CODES.failure);
    expect(r.stderr).toContain("no provider is enabled; run `oaat providers`");
  });

  it("leaves no SIGINT listener behind", async () => {
    const before = process.listenerCount("SIGINT");
    upstream.on("POST", wire.routes.stream!.path, wire.streamReply!(scenario));
    await run(["chat", "--config", working, "hi"], { env });
    expect(process.listenerCount("SIGINT")).toBe(before);
  });
});
