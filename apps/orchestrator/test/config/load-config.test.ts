import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError, loadConfig, resolveConfig } from "../../src/config/index.js";
import { makeTempDir, removeTempDir } from "../discovery/temp-packages.js";

let dir: string;

beforeEach(async () => {
  dir = await makeTempDir("config");
});
afterEach(async () => {
  await removeTempDir(dir);
});

async function write(name: string, text: string): Promise<string> {
  const file = path.join(dir, name);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
  return file;
}

/** The ConfigError `run` throws (fails the test when it throws nothing or something else). */
async function configError(run: () => Promise<unknown> | unknown): Promise<ConfigError> {
  try {
    await run();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error("expected a ConfigError, but nothing was thrown");
}

describe("loadConfig: where the config comes from", () => {
  it("runs on defaults (127.0.0.1:4000) when no file exists", async () => {
    const loaded = await loadConfig({ env: {}, cwd: dir });
    expect(loaded.source).toBeUndefined();
    expect(loaded.baseDir).toBe(dir);
    expect(loaded.config.server).toMatchObject({ host: "127.0.0.1", port: 4000 });
    expect(loaded.config.plugins).toEqual([]);
    expect(loaded.config.network.egress).toEqual({ mode: "enforce", allow: [] });
    expect(loaded.config.providers.defaultRoute).toBe("balanced");
    expect(loaded.config.logging.level).toBe("info");
  });

  it("reads ./oaat.config.yaml from the working directory", async () => {
    const file = await write("oaat.config.yaml", "server:\n  port: 4100\n");
    const loaded = await loadConfig({ env: {}, cwd: dir });
    expect(loaded.source).toBe(file);
    expect(loaded.baseDir).toBe(dir);
    expect(loaded.config.server.port).toBe(4100);
  });

  it("falls back to ./oaat.config.yml, then ./oaat.config.json, in that order", async () => {
    const json = await write("oaat.config.json", JSON.stringify({ server: { port: 4300 } }));
    expect((await loadConfig({ env: {}, cwd: dir })).source).toBe(json);
    expect((await loadConfig({ env: {}, cwd: dir })).config.server.port).toBe(4300);

    const yml = await write("oaat.config.yml", "server: { port: 4200 }\n");
    const loaded = await loadConfig({ env: {}, cwd: dir });
    expect(loaded.source).toBe(yml);
    expect(loaded.config.server.port).toBe(4200);

    const yaml = await write("oaat.config.yaml", "server: { port: 4100 }\n");
    expect((await loadConfig({ env: {}, cwd: dir })).source).toBe(yaml);
  });

  it("uses OAAT_CONFIG over the default files, relative to the working directory", async () => {
    await write("oaat.config.yaml", "server: { port: 4100 }\n");
    const file = await write("conf/from-env.yaml", "server: { port: 4500 }\n");
    const loaded = await loadConfig({ env: { OAAT_CONFIG: "conf/from-env.yaml" }, cwd: dir });
    expect(loaded.source).toBe(file);
    expect(loaded.baseDir).toBe(path.join(dir, "conf"));
    expect(loaded.config.server.port).toBe(4500);
  });

  it("uses --config over OAAT_CONFIG", async () => {
    await write("from-env.yaml", "server: { port: 4500 }\n");
    const file = await write("from-flag.json", '{ "server": { "port": 4600 } }');
    const loaded = await loadConfig({
      configPath: file,
      env: { OAAT_CONFIG: "from-env.yaml" },
      cwd: dir,
    });
    expect(loaded.source).toBe(file);
    expect(loaded.config.server.port).toBe(4600);
  });

  it("fails, naming the flag and the file, when --config names a missing file", async () => {
    await write("oaat.config.yaml", "server: { port: 4100 }\n");
    const err = await configError(() => loadConfig({ configPath: "nope.yaml", env: {}, cwd: dir }));
    expect(err.issues).toEqual(["--config: config file not found: nope.yaml"]);
  });

  it("fails, naming the variable, when OAAT_CONFIG names a missing file", async () => {
    const err = await configError(() =>
      loadConfig({ env: { OAAT_CONFIG: "missing.json" }, cwd: dir }),
    );
    expect(err.message).toContain("OAAT_CONFIG: config file not found: missing.json");
  });

  it("treats an empty file as an empty config", async () => {
    await write("oaat.config.yaml", "# nothing yet\n");
    const loaded = await loadConfig({ env: {}, cwd: dir });
    expect(loaded.config.server.port).toBe(4000);
  });

  it("reports a YAML syntax error with the file, line and column", async () => {
    const file = await write("oaat.config.yaml", "server:\n  port: 4100\n  host: [unclosed\n");
    const err = await configError(() => loadConfig({ env: {}, cwd: dir }));
    expect(err.source).toBe(file);
    expect(err.message).toContain(file);
    expect(err.issues[0]).toMatch(/^line \d+, column \d+: /);
  });

  it("reports a duplicate key in YAML with its position", async () => {
    await write("oaat.config.yaml", "server:\n  port: 1\n  port: 2\n");
    const err = await configError(() => loadConfig({ env: {}, cwd: dir }));
    expect(err.issues[0]).toMatch(/^line 3, column \d+: .*unique/i);
  });

  it("reports invalid JSON with its position", async () => {
    await write("oaat.config.json", '{ "server": { "port": 1, } ');
    const err = await configError(() => loadConfig({ env: {}, cwd: dir }));
    expect(err.issues[0]).toMatch(/^line 1, column \d+: /);
  });

  it("rejects a file whose root is not a mapping", async () => {
    await write("oaat.config.yaml", "- just\n- a list\n");
    const err = await configError(() => loadConfig({ env: {}, cwd: dir }));
    expect(err.issues).toEqual(["(root): expected a mapping of config keys"]);
  });
});

describe("loadConfig: environment and flag overrides", () => {
  it("applies OAAT_HOST, OAAT_PORT and OAAT_LOG_LEVEL over the file", async () => {
    await write(
      "oaat.config.yaml",
      "server: { host: 127.0.0.1, port: 4100 }\nlogging: { level: info }\n",
    );
    const loaded = await loadConfig({
      env: { OAAT_HOST: "0.0.0.0", OAAT_PORT: "5000", OAAT_LOG_LEVEL: "debug" },
      cwd: dir,
    });
    expect(loaded.config.server).toMatchObject({ host: "0.0.0.0", port: 5000 });
    expect(loaded.config.logging.level).toBe("debug");
  });

  it("lets flags win over the environment and the file", async () => {
    await write("oaat.config.yaml", "server: { host: 10.0.0.1, port: 4100 }\n");
    const loaded = await loadConfig({
      env: { OAAT_HOST: "0.0.0.0", OAAT_PORT: "5000" },
      cwd: dir,
      overrides: { host: "127.0.0.2", port: 0 },
    });
    expect(loaded.config.server).toMatchObject({ host: "127.0.0.2", port: 0 });
  });

  it("names OAAT_PORT when it is not a port", async () => {
    for (const bad of ["http", "70000", "-1", "4.5"]) {
      const err = await configError(() => loadConfig({ env: { OAAT_PORT: bad }, cwd: dir }));
      expect(err.issues).toEqual([
        `OAAT_PORT: expected a port number from 0 to 65535, got "${bad}"`,
      ]);
    }
  });

  it("ignores a bad OAAT_PORT when --port overrides it", async () => {
    const loaded = await loadConfig({
      env: { OAAT_PORT: "nope" },
      cwd: dir,
      overrides: { port: 4700 },
    });
    expect(loaded.config.server.port).toBe(4700);
  });

  it("names logging.level when OAAT_LOG_LEVEL is not a level", async () => {
    const err = await configError(() => loadConfig({ env: { OAAT_LOG_LEVEL: "loud" }, cwd: dir }));
    expect(err.issues.join("\n")).toMatch(/^logging\.level: /m);
  });

  it("applies NETWORK_EGRESS_MODE and appends NETWORK_EGRESS_ALLOW to the file's list", async () => {
    await write(
      "oaat.config.yaml",
      "network:\n  egress:\n    mode: enforce\n    allow: [api.example.com]\n",
    );
    const loaded = await loadConfig({
      env: {
        NETWORK_EGRESS_MODE: "report-only",
        NETWORK_EGRESS_ALLOW: " 127.0.0.1 , *.internal.example ,",
      },
      cwd: dir,
    });
    expect(loaded.config.network.egress).toEqual({
      mode: "report-only",
      allow: ["api.example.com", "127.0.0.1", "*.internal.example"],
    });
  });

  it("names NETWORK_EGRESS_MODE and NETWORK_EGRESS_ALLOW when their values are bad", async () => {
    const mode = await configError(() =>
      loadConfig({ env: { NETWORK_EGRESS_MODE: "off" }, cwd: dir }),
    );
    expect(mode.message).toContain("NETWORK_EGRESS_MODE");
    expect(mode.message).toContain('"off"');

    const allow = await configError(() =>
      loadConfig({ env: { NETWORK_EGRESS_ALLOW: "good.example,http://bad/" }, cwd: dir }),
    );
    expect(allow.message).toContain("NETWORK_EGRESS_ALLOW");
    expect(allow.message).toContain("http://bad/");
  });
});

describe("config validation: every error names the key path and what was expected", () => {
  const errorOf = (raw: unknown) => {
    try {
      resolveConfig(raw, { env: {} });
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      return (err as ConfigError).issues.join("\n");
    }
    throw new Error("expected a ConfigError");
  };

  it.each([
    ["server.port", { server: { port: "4000" } }, /^server\.port: .*number/m],
    ["server.port range", { server: { port: 70_000 } }, /^server\.port: .*65535/m],
    ["server.drainTimeoutMs", { server: { drainTimeoutMs: -1 } }, /^server\.drainTimeoutMs: /m],
    [
      "providers.defaultRoute",
      { providers: { defaultRoute: "fastest" } },
      /^providers\.defaultRoute: .*"balanced".*"high_quality".*"low_cost"/m,
    ],
    [
      "routing.aliases.fast[1]",
      { routing: { aliases: { fast: ["alpha/m1", "no-slash-here"] } } },
      /^routing\.aliases\.fast\[1\]: must be "provider\/model"/m,
    ],
    [
      "routing.aliases.single",
      { routing: { aliases: { single: "/model-only" } } },
      /^routing\.aliases\.single: /m,
    ],
    ["unknown top-level key", { srever: { port: 1 } }, /^\(root\): .*"srever"/m],
    ["unknown nested key", { server: { prot: 1 } }, /^server: .*"prot"/m],
    [
      "egress allow entry",
      { network: { egress: { allow: ["ok.example", "https://bad.example/path"] } } },
      /^network\.egress\.allow\[1\]: /m,
    ],
    [
      "unknown egress key (a typo must not silently drop the allowlist)",
      { network: { egress: { mode: "enforce", alow: ["api.example.com"] } } },
      /^network\.egress: .*"alow"/m,
    ],
    [
      "egress mode",
      { network: { egress: { mode: "block" } } },
      /^network\.egress\.mode: .*"enforce"/m,
    ],
    [
      "auth.apiKeys[0].hash",
      { auth: { apiKeys: [{ tenant: "t1", hash: "plain-key" }] } },
      /^auth\.apiKeys\[0\]\.hash: must be "sha256:<64 hex characters>"/m,
    ],
    [
      "auth.apiKeys[0] with neither hash nor secret",
      { auth: { apiKeys: [{ tenant: "t1" }] } },
      /^auth\.apiKeys\[0\]\.hash: set exactly one of "hash" or "secret"/m,
    ],
    ["plugins[0]", { plugins: [""] }, /^plugins\[0\]: /m],
    [
      "providers.enabled[0]",
      { providers: { enabled: [""] } },
      /^providers\.enabled\[0\]: must be a provider id/m,
    ],
    [
      "providers.routingPriority unknown mode",
      { providers: { routingPriority: { fastest: ["a"] } } },
      /^providers\.routingPriority: .*"fastest"/m,
    ],
    [
      "providers.settings.<id> must be a mapping",
      { providers: { settings: { alpha: "fast" } } },
      /^providers\.settings\.alpha: /m,
    ],
    [
      "secrets.passphraseEnv",
      { secrets: { passphraseEnv: "lower" } },
      /^secrets\.passphraseEnv: must be an environment variable name/m,
    ],
    [
      "health.degradedErrorRate",
      { health: { degradedErrorRate: 2 } },
      /^health\.degradedErrorRate: /m,
    ],
  ])("%s", (_name, raw, expected) => {
    expect(errorOf(raw)).toMatch(expected);
  });

  it("lists every problem at once", () => {
    const text = errorOf({
      server: { port: "x" },
      providers: { defaultRoute: "nope" },
      extra: true,
    });
    expect(text).toMatch(/^server\.port: /m);
    expect(text).toMatch(/^providers\.defaultRoute: /m);
    expect(text).toMatch(/"extra"/);
  });

  it("names the config file in the message", async () => {
    const file = await write("oaat.config.yaml", "server:\n  port: nope\n");
    const err = await configError(() => loadConfig({ env: {}, cwd: dir }));
    expect(err.source).toBe(file);
    expect(err.message).toContain(`invalid config (${file})`);
    expect(err.message).toContain("server.port");
  });

  it("accepts the seed's keys: providers.enabled, per-provider settings, routingPriority, egress", async () => {
    await write(
      "oaat.config.yaml",
      [
        "providers:",
        "  enabled: [openai, anthropic, local_ollama]",
        "  defaultRoute: high_quality",
        "  routingPriority:",
        "    balanced: [openai, anthropic]",
        "    high_quality: [anthropic, openai]",
        "    low_cost: [local_ollama]",
        "  settings:",
        "    openai: { defaultModel: gpt-4o-mini, timeoutMs: 30000 }",
        "    anthropic:",
        "      defaultModel: claude-3-5-sonnet-latest",
        "      timeoutMs: 60000",
        "network:",
        "  egress:",
        "    mode: report-only",
        "    allow: [api.openai.com, '*.anthropic.com', 127.0.0.1]",
        "",
      ].join("\n"),
    );
    const { config } = await loadConfig({ env: {}, cwd: dir });
    expect(config.providers.enabled).toEqual(["openai", "anthropic", "local_ollama"]);
    expect(config.providers.defaultRoute).toBe("high_quality");
    expect(config.providers.routingPriority).toEqual({
      balanced: ["openai", "anthropic"],
      high_quality: ["anthropic", "openai"],
      low_cost: ["local_ollama"],
    });
    expect(config.providers.settings).toEqual({
      openai: { defaultModel: "gpt-4o-mini", timeoutMs: 30_000 },
      anthropic: { defaultModel: "claude-3-5-sonnet-latest", timeoutMs: 60_000 },
    });
    expect(config.network.egress).toEqual({
      mode: "report-only",
      allow: ["api.openai.com", "*.anthropic.com", "127.0.0.1"],
    });
  });

  it("normalizes a single alias target into a one-element list only at gateway build time", () => {
    const config = resolveConfig(
      { routing: { aliases: { fast: "alpha/m1", best: ["beta/x", "alpha/y/z"] } } },
      { env: {} },
    );
    expect(config.routing.aliases).toEqual({ fast: "alpha/m1", best: ["beta/x", "alpha/y/z"] });
  });
});
