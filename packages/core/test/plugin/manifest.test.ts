import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type PluginManifestInput,
  pluginManifestSchema,
} from "../../src/plugin/manifest-schema.js";
import { isPluginApiCompatible, PLUGIN_API_VERSION } from "../../src/plugin/plugin-api-version.js";
import { hasManifestField, parseManifest, readManifest } from "../../src/plugin/read-manifest.js";

const valid: PluginManifestInput = {
  pluginApi: "^1.0.0",
  id: "azure-openai",
  aliases: ["azureopenai"],
  displayName: "Azure OpenAI",
  entry: "./dist/index.js",
  capabilities: { chat: true, stream: true, embeddings: true },
  credentials: [
    {
      key: "provider:azure-openai:apiKey",
      env: "AZURE_OPENAI_API_KEY",
      description: "API key",
      required: false,
    },
  ],
  egressHosts: ["*.openai.azure.com"],
  defaultModel: "gpt-4o-mini",
  baseURLEnv: "AZURE_OPENAI_ENDPOINT",
  optionsSchema: { type: "object", properties: { apiVersion: { type: "string" } } },
};

describe("pluginManifestSchema", () => {
  it("accepts a full manifest and fills defaults", () => {
    const parsed = pluginManifestSchema.parse({
      ...valid,
      capabilities: {},
      credentials: undefined,
      aliases: undefined,
    });
    expect(parsed.capabilities).toEqual({
      chat: true,
      stream: false,
      tools: false,
      embeddings: false,
      vision: false,
      responseFormat: false,
      reasoning: false,
    });
    expect(parsed.aliases).toEqual([]);
    expect(parsed.credentials).toEqual([]);
  });

  it("keeps the seed's alias names valid", () => {
    expect(
      pluginManifestSchema.parse({ ...valid, id: "ollama", aliases: ["local_ollama"] }).aliases,
    ).toEqual(["local_ollama"]);
  });

  it("accepts alternative credentials grouped by oneOf", () => {
    const parsed = pluginManifestSchema.parse({
      ...valid,
      credentials: [
        { key: "provider:x:apiKey", env: "X_API_KEY", description: "API key", oneOf: "auth" },
        {
          key: "provider:x:clientSecret",
          env: "X_SECRET",
          description: "client secret",
          oneOf: "auth",
        },
      ],
    });
    expect(parsed.credentials.map((c) => c.oneOf)).toEqual(["auth", "auth"]);
  });

  it.each([
    [{ id: "Open AI" }, "oaat.id", "lowercase"],
    [{ pluginApi: "one" }, "oaat.pluginApi", "semver range"],
    [{ entry: "dist/index.js" }, "oaat.entry", 'starting with "./"'],
    [{ optionsSchema: { type: "string" } }, "oaat.optionsSchema", '"type": "object"'],
    [
      { credentials: [{ key: "k", env: "lower_case", description: "d" }] },
      "oaat.credentials[0].env",
      "environment variable",
    ],
    [
      { credentials: [{ key: "k", env: "K", description: "d", oneOf: "Auth Group" }] },
      "oaat.credentials[0].oneOf",
      "lowercase",
    ],
    [{ capabilities: { chat: "yes" } }, "oaat.capabilities.chat", "boolean"],
    [{ extra: true }, "oaat", "extra"],
  ])("rejects %j naming the field", (patch, field, expected) => {
    const result = parseManifest({ name: "pkg", oaat: { ...valid, ...patch } }, "/tmp/pkg");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toContain(field);
    expect(result.reason).toContain(expected);
  });
});

describe("plugin API version", () => {
  it("checks ranges with semver", () => {
    expect(PLUGIN_API_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
    expect(isPluginApiCompatible("^1.0.0")).toBe(true);
    expect(isPluginApiCompatible("^2.0.0")).toBe(false);
    expect(isPluginApiCompatible(">=0.9 <2")).toBe(true);
    expect(isPluginApiCompatible("not a range")).toBe(false);
    expect(isPluginApiCompatible("^1.2.0", "1.1.0")).toBe(false);
  });

  it("reports an incompatible plugin with both versions", () => {
    const result = parseManifest({ name: "p", oaat: { ...valid, pluginApi: "^2.0.0" } }, "/tmp/p");
    expect(result).toMatchObject({ ok: false, packageName: "p" });
    if (!result.ok)
      expect(result.reason).toBe(
        `oaat.pluginApi: plugin needs plugin API ^2.0.0, but this core implements ${PLUGIN_API_VERSION}`,
      );
  });
});

describe("readManifest", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "oaat-manifest-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("reads a plugin without importing it and resolves the entry", async () => {
    await writeFile(
      path.join(dir, "package.json"),
      JSON.stringify({ name: "@acme/oaat-provider-x", version: "1.2.3", oaat: valid }),
    );
    // An entry that would throw if imported: readManifest must not touch it.
    await mkdir(path.join(dir, "dist"));
    await writeFile(path.join(dir, "dist", "index.js"), "throw new Error('imported!')");
    const result = await readManifest(dir);
    expect(result).toMatchObject({
      ok: true,
      packageName: "@acme/oaat-provider-x",
      packageVersion: "1.2.3",
      entryPath: path.join(dir, "dist", "index.js"),
    });
  });

  it("reports a missing package.json, bad JSON, a missing field and an escaping entry without throwing", async () => {
    expect(await readManifest(path.join(dir, "nope"))).toMatchObject({
      ok: false,
      reason: "cannot read package.json (ENOENT)",
    });
    await writeFile(path.join(dir, "package.json"), "{ not json");
    const bad = await readManifest(dir);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.reason).toMatch(/^package.json is not valid JSON/);
    await writeFile(path.join(dir, "package.json"), JSON.stringify({ name: "plain" }));
    expect(await readManifest(dir)).toMatchObject({
      ok: false,
      packageName: "plain",
      reason: 'package.json has no "oaat" manifest field',
    });
    await writeFile(
      path.join(dir, "package.json"),
      JSON.stringify({ name: "x", oaat: { ...valid, entry: "./../../etc/passwd" } }),
    );
    expect(await readManifest(dir)).toMatchObject({
      ok: false,
      reason: "oaat.entry: must stay inside the package directory",
    });
  });

  it("rejects a package.json that is not an object", () => {
    expect(parseManifest([1, 2], "/x")).toMatchObject({ ok: false });
    expect(parseManifest(null, "/x")).toMatchObject({
      ok: false,
      reason: "package.json: expected a JSON object",
    });
    expect(hasManifestField({ oaat: {} })).toBe(true);
    expect(hasManifestField("x")).toBe(false);
  });
});
