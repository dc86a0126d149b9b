import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import {
  isProviderPlugin,
  type ManifestReadResult,
  parseManifest,
  pluginManifestSchema,
} from "@oss-ai-agent-tool/core";
import { type ReferenceManifestOptions, referenceManifest } from "@oss-ai-agent-tool/testkit";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";

const here = import.meta.dirname;

async function manifestOf(dir: string): Promise<ManifestReadResult> {
  const packageDir = path.join(here, dir);
  const pkg: unknown = JSON.parse(await readFile(path.join(packageDir, "package.json"), "utf8"));
  return parseManifest(pkg, packageDir);
}

const importEntry = (dir: string): Promise<{ default?: unknown }> =>
  import(pathToFileURL(path.join(here, dir, "index.js")).href);

// Each working fixture is the reference provider with these options; the
// manifest must say what the plugin does, or end-to-end failures mislead.
const working: Record<string, ReferenceManifestOptions> = {
  alpha: {
    id: "alpha",
    apiKeyEnv: "ALPHA_API_KEY",
    displayName: "Alpha (test)",
    defaultModel: "alpha-model-1",
    egressHosts: ["api.alpha.example"],
    baseURLEnv: "ALPHA_BASE_URL",
  },
  beta: {
    id: "beta",
    apiKeyEnv: "BETA_API_KEY",
    displayName: "Beta (test)",
    defaultModel: "beta-model-1",
    aliases: ["beta_legacy"],
    egressHosts: ["api.beta.example"],
  },
  keyless: { id: "keyless", displayName: "Keyless (test)", defaultModel: "keyless-model-1" },
};

describe("test plugin fixtures", () => {
  describe.each(Object.entries(working))("%s", (dir, options) => {
    it("has the manifest referenceManifest gives for its options", async () => {
      const result = await manifestOf(dir);
      expect(result).toMatchObject({
        ok: true,
        packageName: `@oaat-test/provider-${dir}`,
        packageVersion: "1.2.3",
      });
      if (!result.ok) return;
      expect(result.manifest).toEqual(pluginManifestSchema.parse(referenceManifest(options)));
    });

    it("default-exports a provider plugin", async () => {
      expect(isProviderPlugin((await importEntry(dir)).default)).toBe(true);
    });
  });

  it("keyless declares no credential", async () => {
    const result = await manifestOf("keyless");
    expect(result.ok && result.manifest.credentials).toEqual([]);
  });

  it("the options schema takes the base settings, typed, and nothing else", async () => {
    const result = await manifestOf("alpha");
    if (!result.ok) throw new Error(result.reason);
    const validate = new Ajv({ allErrors: true }).compile(result.manifest.optionsSchema);
    const full = {
      baseURL: "http://127.0.0.1:1234/v1",
      defaultModel: "m",
      timeoutMs: 1000,
      idleTimeoutMs: 500,
      retryAttempts: 2,
    };
    expect(validate(full)).toBe(true);
    expect(validate({})).toBe(true);
    for (const bad of [
      { extra: true },
      { baseURL: "not a url" },
      { timeoutMs: "1000" },
      { timeoutMs: 1.5 },
      { idleTimeoutMs: 0 },
      { retryAttempts: 11 },
      { defaultModel: "" },
    ]) {
      expect(validate(bad), JSON.stringify(bad)).toBe(false);
    }
  });

  it("broken-manifest is rejected for its id and its missing entry", async () => {
    const result = await manifestOf("broken-manifest");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toContain("oaat.id:");
    expect(result.reason).toContain("oaat.entry:");
  });

  it("incompatible-api is rejected for its plugin API range", async () => {
    const result = await manifestOf("incompatible-api");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toContain("oaat.pluginApi:");
    expect(result.reason).toContain("^9.0.0");
  });

  it("import-fails has a valid manifest and an entry that throws", async () => {
    expect((await manifestOf("import-fails")).ok).toBe(true);
    await expect(importEntry("import-fails")).rejects.toThrow("boom: intentional import failure");
  });

  it("not-a-plugin has a valid manifest and an entry that is no provider plugin", async () => {
    expect((await manifestOf("not-a-plugin")).ok).toBe(true);
    const entry = await importEntry("not-a-plugin");
    expect(entry.default).toBeTypeOf("object");
    expect(isProviderPlugin(entry.default)).toBe(false);
  });
});
