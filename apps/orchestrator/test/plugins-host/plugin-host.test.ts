import path from "node:path";
import {
  type ChatRequest,
  defineProvider,
  type ModelProvider,
  type ProviderFactoryContext,
} from "@oss-ai-agent-tool/core";
import { MemorySecretsStore } from "@oss-ai-agent-tool/testkit";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { ConfigError, type GatewayConfigInput } from "../../src/config/index.js";
import type { Gateway } from "../../src/gateway/create-gateway.js";
import {
  importCount,
  makeTempDir,
  registerTestPlugin,
  removeTempDir,
  TEST_PLUGINS_DIR,
  writeCountingPlugin,
} from "../discovery/temp-packages.js";
import { capabilities, providerErrorOf } from "../support/provider-doubles.js";
import { type BuiltGateway, buildTestGateway } from "./build-test-gateway.js";

let tmp: string;
const open: Gateway[] = [];
const factoryCalls: Record<string, Array<ProviderFactoryContext<unknown>>> = {};
const closeSpy = vi.fn(async () => undefined);

function chatProvider(id: string): ModelProvider {
  return {
    id,
    capabilities: capabilities(),
    async chat(req: ChatRequest) {
      return {
        id: `${id}-reply`,
        provider: id,
        model: req.model ?? "default",
        output: `from ${id}`,
        finishReason: "stop",
      };
    },
    close: closeSpy,
  };
}

function recordingPlugin(id: string, build: (id: string) => ModelProvider = chatProvider) {
  return defineProvider((ctx) => {
    factoryCalls[id] ??= [];
    factoryCalls[id].push(ctx);
    return build(id);
  });
}

const plugin = (name: string) => path.join(tmp, name);
const testPlugin = (name: string) => path.join(TEST_PLUGINS_DIR, name);

async function build(
  raw: GatewayConfigInput,
  options: { env?: Record<string, string>; secrets?: MemorySecretsStore } = {},
): Promise<BuiltGateway> {
  const built = await buildTestGateway(raw, { baseDir: tmp, ...options });
  open.push(built.gateway);
  return built;
}

beforeAll(async () => {
  tmp = await makeTempDir("plugin-host");
  await writeCountingPlugin(plugin("lazy"), "lazy", { aliases: ["lz"] });
  await writeCountingPlugin(plugin("shared"), "shared");
  await writeCountingPlugin(plugin("never"), "never");
  await writeCountingPlugin(plugin("wrong-id"), "wrong-id");
  await writeCountingPlugin(plugin("factory-throws"), "factory-throws");
  await writeCountingPlugin(plugin("with-defaults"), "with-defaults", {
    optionsSchema: {
      type: "object",
      properties: { region: { type: "string", default: "eu" }, timeoutMs: { type: "integer" } },
      additionalProperties: false,
    },
  });
  registerTestPlugin("lazy", recordingPlugin("lazy"));
  registerTestPlugin("shared", recordingPlugin("shared"));
  registerTestPlugin("never", recordingPlugin("never"));
  registerTestPlugin(
    "wrong-id",
    recordingPlugin("wrong-id", () => chatProvider("some-other-id")),
  );
  registerTestPlugin(
    "factory-throws",
    defineProvider(() => {
      throw new Error("factory exploded: no region configured");
    }),
  );
  registerTestPlugin("with-defaults", recordingPlugin("with-defaults"));
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((g) => g.close()));
  closeSpy.mockClear();
});

afterAll(async () => {
  await removeTempDir(tmp);
});

describe("PluginHost: lazy loading", () => {
  it("imports no plugin at start-up and imports one on first use, once", async () => {
    const { gateway } = await build({ plugins: [plugin("lazy"), plugin("shared")] });
    expect(importCount("lazy")).toBe(0);
    expect(importCount("shared")).toBe(0);
    expect(gateway.host.isLoaded("lazy")).toBe(false);
    expect(gateway.host.get("lazy")?.status).toBe("enabled");
    expect(gateway.host.enabledIds()).toEqual(["lazy", "shared"]);

    const first = await gateway.host.provider("lazy");
    expect(importCount("lazy")).toBe(1);
    expect(gateway.host.isLoaded("lazy")).toBe(true);
    // Only the provider that was used got imported.
    expect(importCount("shared")).toBe(0);

    // By alias, and again: the same instance, no new import.
    expect(await gateway.host.provider("lz")).toBe(first);
    expect(await gateway.host.provider("lazy")).toBe(first);
    expect(importCount("lazy")).toBe(1);
    expect((await first.chat({ messages: [{ role: "user", content: "hi" }] })).output).toBe(
      "from lazy",
    );
  });

  it("creates one instance when first uses race", async () => {
    const { gateway } = await build({ plugins: [plugin("shared")] });
    const before = factoryCalls.shared?.length ?? 0;
    const [a, b, c] = await Promise.all([
      gateway.host.provider("shared"),
      gateway.host.provider("shared"),
      gateway.host.provider("shared"),
    ]);
    expect(a).toBe(b);
    expect(b).toBe(c);
    expect(factoryCalls.shared?.length).toBe(before + 1);
  });

  it("never imports a plugin that providers.enabled leaves out", async () => {
    const { gateway } = await build({
      plugins: [plugin("lazy"), plugin("never")],
      providers: { enabled: ["lz"] },
    });
    expect(gateway.host.get("lazy")?.status).toBe("enabled");
    const never = gateway.host.get("never");
    expect(never).toMatchObject({ status: "disabled", reason: "not listed in providers.enabled" });
    const err = await providerErrorOf(gateway.host.provider("never"));
    expect(err).toMatchObject({ status: 503, code: "provider_disabled" });
    expect(err.message).toContain("not listed in providers.enabled");
    expect(importCount("never")).toBe(0);
    expect(gateway.host.enabledIds()).toEqual(["lazy"]);
  });

  it("answers 404 for a provider nobody installed", async () => {
    const { gateway } = await build({ plugins: [plugin("lazy")] });
    const err = await providerErrorOf(gateway.host.provider("ghost"));
    expect(err).toMatchObject({ status: 404, code: "provider_not_found" });
  });

  it("hands the factory its validated settings (schema defaults applied), manifest and secrets", async () => {
    const { gateway } = await build({
      plugins: [plugin("with-defaults")],
      providers: { settings: { "with-defaults": { timeoutMs: 5 } } },
    });
    await gateway.host.provider("with-defaults");
    const ctx = factoryCalls["with-defaults"]?.at(-1);
    expect(ctx?.settings).toEqual({ region: "eu", timeoutMs: 5 });
    expect(ctx?.manifest.id).toBe("with-defaults");
    expect(typeof ctx?.fetch).toBe("function");
    expect(ctx?.secrets).toBe(gateway.secrets);
  });

  it("closes the providers it created, once", async () => {
    const { gateway } = await build({ plugins: [plugin("lazy"), plugin("shared")] });
    await gateway.host.provider("lazy");
    await gateway.close();
    await gateway.close();
    expect(closeSpy).toHaveBeenCalledTimes(1);
  });
});

describe("PluginHost: config checked against the installed plugins", () => {
  const configError = async (raw: GatewayConfigInput, env: Record<string, string> = {}) => {
    const err = await build(raw, { env }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).issues;
  };

  it("names providers.enabled[i] for an unknown id", async () => {
    const issues = await configError({
      plugins: [plugin("lazy")],
      providers: { enabled: ["lazy", "openia"] },
    });
    expect(issues).toEqual([
      'providers.enabled[1]: no installed provider plugin is named "openia" (installed: lazy)',
    ]);
  });

  it("names every other place a provider is referenced", async () => {
    const issues = await configError({
      plugins: [plugin("lazy")],
      providers: {
        defaultProvider: "nope1",
        routingPriority: { low_cost: ["lazy", "nope2"] },
      },
      routing: { aliases: { fast: ["lazy/m", "nope3/m"], one: "nope4/x/y" } },
    });
    expect(issues).toEqual([
      expect.stringMatching(/^providers\.defaultProvider: .*"nope1"/),
      expect.stringMatching(/^providers\.routingPriority\.low_cost\[1\]: .*"nope2"/),
      expect.stringMatching(/^routing\.aliases\.fast\[1\]: .*"nope3"/),
      expect.stringMatching(/^routing\.aliases\.one: .*"nope4"/),
    ]);
  });

  it("accepts a reference to a broken plugin (it is reported in health instead)", async () => {
    const { gateway } = await build({
      plugins: [plugin("lazy"), testPlugin("incompatible-api"), testPlugin("import-fails")],
      providers: { enabled: ["lazy", "incompatible-api", "import-fails"] },
    });
    expect(gateway.host.get("incompatible-api")?.status).toBe("broken");
  });

  it("validates providers.settings.<id> against the manifest's optionsSchema", async () => {
    const issues = await configError(
      {
        plugins: [testPlugin("alpha")],
        providers: {
          settings: {
            alpha: { timeoutMs: 1.5, bogus: true, baseURL: "ftp://x", retryAttempts: 0 },
          },
        },
      },
      { ALPHA_API_KEY: "k" },
    );
    expect(issues).toEqual(
      expect.arrayContaining([
        'providers.settings.alpha: unknown setting "bogus"',
        "providers.settings.alpha.timeoutMs: must be integer",
        'providers.settings.alpha.baseURL: must match pattern "^https?://"',
        "providers.settings.alpha.retryAttempts: must be >= 1",
      ]),
    );
    expect(issues).toHaveLength(4);
  });

  it("accepts settings given under an alias", async () => {
    const { gateway } = await build({
      plugins: [path.join(TEST_PLUGINS_DIR, "beta")],
      providers: { settings: { beta_legacy: { defaultModel: "legacy-model" } } },
    });
    expect(gateway.host.get("beta")?.settings).toEqual({ defaultModel: "legacy-model" });
  });

  it("warns about, but accepts, settings for a provider nobody installed", async () => {
    const { gateway, logText } = await build({
      plugins: [plugin("lazy")],
      providers: { settings: { ghost: { anything: 1 } } },
    });
    expect(gateway.host.enabledIds()).toEqual(["lazy"]);
    expect(logText()).toContain(
      "providers.settings.ghost: no installed provider plugin has this id",
    );
  });

  it("fills baseURL from the plugin's baseURLEnv, unless the settings give one", async () => {
    const env = { ALPHA_API_KEY: "k", ALPHA_BASE_URL: "http://127.0.0.1:9/v1" };
    const fromEnv = await build({ plugins: [testPlugin("alpha")] }, { env });
    expect(fromEnv.gateway.host.get("alpha")?.settings).toEqual({
      baseURL: "http://127.0.0.1:9/v1",
    });

    const explicit = await build(
      {
        plugins: [testPlugin("alpha")],
        providers: { settings: { alpha: { baseURL: "http://127.0.0.1:8/v1" } } },
      },
      { env },
    );
    expect(explicit.gateway.host.get("alpha")?.settings.baseURL).toBe("http://127.0.0.1:8/v1");
  });

  it("validates the baseURL taken from the environment too", async () => {
    const issues = await configError(
      { plugins: [testPlugin("alpha")] },
      { ALPHA_API_KEY: "k", ALPHA_BASE_URL: "not a url" },
    );
    expect(issues).toEqual(['providers.settings.alpha.baseURL: must match pattern "^https?://"']);
  });
});

describe("PluginHost: credentials", () => {
  it("marks a plugin with a missing key unconfigured, naming the variable, and enables it once the key is stored", async () => {
    const secrets = new MemorySecretsStore();
    const { gateway } = await build({ plugins: [testPlugin("alpha")] }, { secrets });
    const record = gateway.host.get("alpha");
    expect(record?.status).toBe("unconfigured");
    expect(record?.missing).toEqual([
      { key: "provider:alpha:apiKey", env: ["ALPHA_API_KEY"], description: "API key" },
    ]);
    expect(record?.reason).toBe(
      'missing API key: set ALPHA_API_KEY (or secret "provider:alpha:apiKey")',
    );
    expect(gateway.host.enabledIds()).toEqual([]);
    const err = await providerErrorOf(gateway.host.provider("alpha"));
    expect(err).toMatchObject({ status: 503, code: "provider_unconfigured" });
    expect(err.message).toContain("ALPHA_API_KEY");

    await secrets.set("provider:alpha:apiKey", "sk-stored-later");
    const provider = await gateway.host.provider("alpha");
    expect(provider.id).toBe("alpha");
    expect(gateway.host.get("alpha")).toMatchObject({ status: "enabled", reason: undefined });
    expect(gateway.host.get("alpha")?.missing).toEqual([]);
    expect(gateway.host.enabledIds()).toEqual(["alpha"]);
  });

  it("counts an empty environment variable as missing", async () => {
    const { gateway } = await build(
      { plugins: [testPlugin("alpha")] },
      { env: { ALPHA_API_KEY: "" } },
    );
    expect(gateway.host.get("alpha")?.status).toBe("unconfigured");
  });

  it("enables a plugin whose key is in the environment, and one that needs no key", async () => {
    const { gateway } = await build(
      { plugins: [testPlugin("alpha"), testPlugin("keyless")] },
      { env: { ALPHA_API_KEY: "sk-env" } },
    );
    expect(gateway.host.enabledIds()).toEqual(["alpha", "keyless"]);
    // The manifest's variable feeds the store plugins read from.
    expect(await gateway.secrets.get("provider:alpha:apiKey")).toBe("sk-env");
  });
});

describe("PluginHost: broken plugins", () => {
  it("lists plugins rejected at discovery as broken from the start", async () => {
    const { gateway } = await build({
      plugins: [testPlugin("broken-manifest"), testPlugin("incompatible-api"), plugin("lazy")],
    });
    const byId = Object.fromEntries(gateway.host.records().map((r) => [r.id, r]));
    expect(byId["@oaat-test/provider-broken-manifest"]?.status).toBe("broken");
    expect(byId["@oaat-test/provider-broken-manifest"]?.reason).toContain("oaat.id");
    expect(byId["incompatible-api"]).toMatchObject({ status: "broken", source: "config" });
    expect(byId["incompatible-api"]?.reason).toContain("^9.0.0");
    expect(gateway.host.enabledIds()).toEqual(["lazy"]);
  });

  it("marks a plugin whose import fails broken with the reason, and keeps the others working", async () => {
    const { gateway, logText } = await build({
      plugins: [testPlugin("import-fails"), testPlugin("not-a-plugin"), plugin("lazy")],
    });
    expect(gateway.host.get("import-fails")?.status).toBe("enabled");

    const err = await providerErrorOf(gateway.host.provider("import-fails"));
    expect(err).toMatchObject({ status: 503, code: "provider_broken", provider: "import-fails" });
    expect(err.message).toContain("import failed: boom: intentional import failure");
    expect(gateway.host.get("import-fails")).toMatchObject({
      status: "broken",
      reason: "import failed: boom: intentional import failure",
    });

    const notPlugin = await providerErrorOf(gateway.host.provider("not-a-plugin"));
    expect(notPlugin.code).toBe("provider_broken");
    expect(gateway.host.get("not-a-plugin")?.reason).toContain(
      "entry does not default-export a provider plugin",
    );

    const lazy = await gateway.host.provider("lazy");
    expect((await lazy.chat({ messages: [{ role: "user", content: "x" }] })).output).toBe(
      "from lazy",
    );
    expect(gateway.host.enabledIds()).toEqual(["lazy"]);
    // A broken plugin stays broken: no second import attempt.
    expect((await providerErrorOf(gateway.host.provider("import-fails"))).code).toBe(
      "provider_broken",
    );
    expect(logText()).toContain("provider plugin failed to load");
  });

  it("marks a provider whose id differs from its manifest broken, and closes what it created", async () => {
    const { gateway } = await build({ plugins: [plugin("wrong-id")] });
    const err = await providerErrorOf(gateway.host.provider("wrong-id"));
    expect(err.code).toBe("provider_broken");
    expect(gateway.host.get("wrong-id")?.reason).toBe(
      'the provider\'s id "some-other-id" differs from its manifest id "wrong-id"',
    );
    expect(closeSpy).toHaveBeenCalledTimes(1);
  });

  it("marks a plugin whose factory throws broken with the factory's message", async () => {
    const { gateway } = await build({ plugins: [plugin("factory-throws"), plugin("lazy")] });
    await providerErrorOf(gateway.host.provider("factory-throws"));
    expect(gateway.host.get("factory-throws")).toMatchObject({
      status: "broken",
      reason: "factory exploded: no region configured",
    });
    expect((await gateway.host.provider("lazy")).id).toBe("lazy");
  });
});
