import { access, mkdir, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type DiscoveryResult,
  discoverPlugins,
  listPackages,
  nodeModulesDirs,
} from "../../src/discovery/index.js";
import {
  makeTempDir,
  manifestFor,
  pluginPackageJson,
  removeTempDir,
  TEST_PLUGINS_DIR,
  writePackage,
} from "./temp-packages.js";

// Every plugin entry below would leave a marker file (and then throw) if
// imported: discovery must read manifests only.
function poisonedEntry(marker: string): string {
  return [
    'import { writeFileSync } from "node:fs";',
    `writeFileSync(${JSON.stringify(marker)}, "imported");`,
    'throw new Error("discovery must not import plugin code");',
    "",
  ].join("\n");
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

let root: string;
let marker: string;
/** root/app: where the "orchestrator" is installed; root/node_modules holds the packages. */
let app: string;
let nm: string;

beforeAll(async () => {
  root = await makeTempDir("discovery");
  marker = path.join(root, "IMPORTED");
  app = path.join(root, "app");
  nm = path.join(root, "node_modules");
  await mkdir(app, { recursive: true });
  const entry = { "index.js": poisonedEntry(marker) };

  // Not plugins: no manifest, no package.json at all, a dot directory.
  await writePackage(path.join(nm, "left-pad"), { name: "left-pad", version: "1.0.0" });
  await writePackage(path.join(nm, "mentions-oaat"), {
    name: "mentions-oaat",
    version: "1.0.0",
    description: 'has the word "oaat" but no manifest',
    keywords: ["oaat"],
  });
  await mkdir(path.join(nm, "no-package-json"), { recursive: true });
  await writePackage(path.join(nm, ".bin"), pluginPackageJson("dot", manifestFor("dot")), entry);

  // Plugins: plain, scoped, and one reached through a symlink (pnpm, npm link).
  await writePackage(
    path.join(nm, "oaat-provider-plain"),
    pluginPackageJson("oaat-provider-plain", manifestFor("plain"), "1.0.0"),
    entry,
  );
  await writePackage(
    path.join(nm, "@acme", "oaat-provider-scoped"),
    pluginPackageJson("@acme/oaat-provider-scoped", manifestFor("scoped", { aliases: ["acme"] })),
    entry,
  );
  await writePackage(
    path.join(root, "elsewhere", "linked-provider"),
    pluginPackageJson("linked-provider", manifestFor("linked")),
    entry,
  );
  await symlink(
    path.join(root, "elsewhere", "linked-provider"),
    path.join(nm, "linked-provider"),
    "junction",
  );

  // Broken: a bad manifest, and invalid JSON that mentions "oaat".
  await writePackage(
    path.join(nm, "oaat-provider-bad"),
    pluginPackageJson("oaat-provider-bad", manifestFor("Bad Id!", { entry: "index.js" })),
    entry,
  );
  await mkdir(path.join(nm, "oaat-provider-badjson"), { recursive: true });
  await writeFile(path.join(nm, "oaat-provider-badjson", "package.json"), '{ "oaat": { ');

  // Two installed packages claiming one id: the first found keeps it.
  await writePackage(path.join(nm, "dup-a"), pluginPackageJson("dup-a", manifestFor("dup")), entry);
  await writePackage(path.join(nm, "dup-b"), pluginPackageJson("dup-b", manifestFor("dup")), entry);
  // An installed plugin whose alias collides with another plugin's id.
  await writePackage(
    path.join(nm, "zz-alias-thief"),
    pluginPackageJson("zz-alias-thief", manifestFor("thief", { aliases: ["plain"] })),
    entry,
  );
});

afterAll(async () => {
  await removeTempDir(root);
});

const ids = (r: DiscoveryResult) => r.plugins.map((p) => p.manifest.id).sort();
const rejectedNamed = (r: DiscoveryResult, name: string) =>
  r.rejected.find((x) => x.packageName === name);

describe("discoverPlugins: installed packages", () => {
  let result: DiscoveryResult;
  beforeAll(async () => {
    result = await discoverPlugins({ installRoots: [app], baseDir: app });
  });

  it("finds plain, scoped and symlinked plugin packages by their manifests", () => {
    expect(ids(result)).toEqual(["dup", "linked", "plain", "scoped"]);
    const scoped = result.plugins.find((p) => p.manifest.id === "scoped");
    expect(scoped).toMatchObject({
      source: "installed",
      packageName: "@acme/oaat-provider-scoped",
      packageVersion: "0.0.1",
      packageDir: path.join(nm, "@acme", "oaat-provider-scoped"),
      entryPath: path.join(nm, "@acme", "oaat-provider-scoped", "index.js"),
    });
    expect(scoped?.manifest.aliases).toEqual(["acme"]);
    const linked = result.plugins.find((p) => p.manifest.id === "linked");
    expect(linked?.packageName).toBe("linked-provider");
  });

  it("ignores packages without a manifest, directories without package.json, and dot directories", () => {
    const names = [
      ...result.plugins.map((p) => p.packageName),
      ...result.rejected.map((r) => r.packageName),
    ];
    for (const name of ["left-pad", "mentions-oaat", "dot"]) expect(names).not.toContain(name);
    expect(result.rejected.map((r) => r.packageDir)).not.toContain(
      path.join(nm, "no-package-json"),
    );
  });

  it("rejects a bad manifest with a reason naming the field", () => {
    const bad = rejectedNamed(result, "oaat-provider-bad");
    expect(bad).toMatchObject({ source: "installed", id: "oaat-provider-bad" });
    expect(bad?.reason).toContain("oaat.id");
    expect(bad?.reason).toContain("oaat.entry");
  });

  it("rejects a package.json that is not valid JSON", () => {
    const bad = result.rejected.find(
      (r) => r.packageDir === path.join(nm, "oaat-provider-badjson"),
    );
    expect(bad?.reason).toMatch(/^package\.json is not valid JSON/);
  });

  it("keeps the first of two installed packages claiming one id and reports the other", () => {
    const dup = result.plugins.find((p) => p.manifest.id === "dup");
    expect(dup?.packageName).toBe("dup-a");
    const loser = rejectedNamed(result, "dup-b");
    expect(loser).toMatchObject({ source: "installed", id: "dup" });
    expect(loser?.reason).toBe(
      'provider id "dup" (or an alias) is already provided by dup-a@0.0.1',
    );
  });

  it("rejects a plugin whose alias is another plugin's id", () => {
    expect(ids(result)).not.toContain("thief");
    expect(rejectedNamed(result, "zz-alias-thief")?.reason).toContain(
      "already provided by oaat-provider-plain@1.0.0",
    );
  });

  it("never imports plugin code", async () => {
    expect(await exists(marker)).toBe(false);
  });

  it("walks up from each install root, scanning each node_modules once", async () => {
    const deep = path.join(app, "lib", "dist");
    await mkdir(deep, { recursive: true });
    const again = await discoverPlugins({ installRoots: [deep, app], baseDir: app });
    expect(ids(again)).toEqual(ids(result));
    expect(again.rejected.length).toBe(result.rejected.length);
  });

  it("finds nothing when there are no install roots and no configured plugins", async () => {
    expect(await discoverPlugins({ installRoots: [] })).toEqual({ plugins: [], rejected: [] });
  });
});

describe("discoverPlugins: plugins named in the config", () => {
  let configDir: string;
  beforeAll(async () => {
    configDir = path.join(root, "project");
    const entry = { "index.js": poisonedEntry(marker) };
    await writePackage(
      path.join(configDir, "local-plugins", "by-relative"),
      pluginPackageJson("by-relative", manifestFor("relative")),
      entry,
    );
    await writePackage(
      path.join(root, "abs-plugins", "by-absolute"),
      pluginPackageJson("by-absolute", manifestFor("absolute")),
      entry,
    );
    // Resolved by package name from the config directory's node_modules.
    await writePackage(
      path.join(configDir, "node_modules", "@corp", "by-name"),
      pluginPackageJson("@corp/by-name", manifestFor("named")),
      entry,
    );
    // A configured package that takes over an installed id.
    await writePackage(
      path.join(configDir, "override-plain"),
      pluginPackageJson("override-plain", manifestFor("plain")),
      entry,
    );
    await writePackage(path.join(configDir, "not-a-plugin"), { name: "np", version: "1.0.0" });
  });

  it("resolves relative paths from the config directory, absolute paths, and package names", async () => {
    const result = await discoverPlugins({
      installRoots: [],
      baseDir: configDir,
      configured: [
        "./local-plugins/by-relative",
        path.join(root, "abs-plugins", "by-absolute"),
        "@corp/by-name",
      ],
    });
    expect(result.rejected).toEqual([]);
    expect(result.plugins.map((p) => [p.manifest.id, p.source, p.packageDir])).toEqual([
      ["relative", "config", path.join(configDir, "local-plugins", "by-relative")],
      ["absolute", "config", path.join(root, "abs-plugins", "by-absolute")],
      ["named", "config", path.join(configDir, "node_modules", "@corp", "by-name")],
    ]);
    expect(await exists(marker)).toBe(false);
  });

  it("resolves a package name from the install roots when the config directory lacks it", async () => {
    const result = await discoverPlugins({
      installRoots: [],
      baseDir: path.join(root, "abs-plugins"),
      configured: ["@acme/oaat-provider-scoped"],
    });
    expect(result.plugins[0]).toMatchObject({ source: "config", manifest: { id: "scoped" } });
  });

  it("rejects a missing path or package with a reason naming it, and keeps the rest", async () => {
    const result = await discoverPlugins({
      installRoots: [],
      baseDir: configDir,
      configured: ["./does-not-exist", "@corp/not-installed", "./local-plugins/by-relative"],
    });
    expect(ids(result)).toEqual(["relative"]);
    expect(result.rejected).toEqual([
      expect.objectContaining({
        source: "config",
        reason: 'plugins: no package directory at "./does-not-exist"',
      }),
      expect.objectContaining({
        source: "config",
        id: "@corp/not-installed",
        packageName: "@corp/not-installed",
        reason: expect.stringContaining('plugins: package "@corp/not-installed" is not installed'),
      }),
    ]);
  });

  it("rejects a configured directory that is not a plugin, saying why", async () => {
    const result = await discoverPlugins({
      installRoots: [],
      baseDir: configDir,
      configured: ["./not-a-plugin", "./local-plugins"],
    });
    expect(result.plugins).toEqual([]);
    expect(result.rejected.map((r) => r.reason)).toEqual([
      'package.json has no "oaat" manifest field',
      "cannot read package.json (ENOENT)",
    ]);
  });

  it("lets a configured plugin win over an installed one with the same id, reporting the installed one", async () => {
    const result = await discoverPlugins({
      installRoots: [app],
      baseDir: configDir,
      configured: ["./override-plain"],
    });
    const plain = result.plugins.find((p) => p.manifest.id === "plain");
    expect(plain).toMatchObject({ packageName: "override-plain", source: "config" });
    const installed = rejectedNamed(result, "oaat-provider-plain");
    expect(installed).toMatchObject({ source: "installed", id: "plain" });
    expect(installed?.reason).toContain("already provided by override-plain@0.0.1");
  });

  it("lists a package both configured and installed once, as configured", async () => {
    const result = await discoverPlugins({
      installRoots: [app],
      baseDir: app,
      // Through the symlink and through the real directory: one package.
      configured: [path.join(root, "elsewhere", "linked-provider")],
    });
    const linked = result.plugins.filter((p) => p.manifest.id === "linked");
    expect(linked).toHaveLength(1);
    expect(linked[0]?.source).toBe("config");
    expect(result.rejected.filter((r) => r.packageName === "linked-provider")).toEqual([]);
  });

  it("reads the repository's broken test plugins without importing them", async () => {
    const result = await discoverPlugins({
      installRoots: [],
      baseDir: TEST_PLUGINS_DIR,
      configured: ["./broken-manifest", "./incompatible-api", "./import-fails", "./not-a-plugin"],
    });
    // Entries that fail on import are still valid manifests: they break only on first use.
    expect(ids(result)).toEqual(["import-fails", "not-a-plugin"]);
    const reasons = Object.fromEntries(result.rejected.map((r) => [r.packageName, r.reason]));
    expect(reasons["@oaat-test/provider-broken-manifest"]).toContain("oaat.id");
    expect(reasons["@oaat-test/provider-incompatible-api"]).toContain(
      "oaat.pluginApi: plugin needs plugin API ^9.0.0",
    );
    // A valid declared id names the rejected plugin; an invalid one falls back to the package name.
    expect(result.rejected.map((r) => r.id)).toEqual([
      "@oaat-test/provider-broken-manifest",
      "incompatible-api",
    ]);
  });
});

describe("nodeModulesDirs and listPackages", () => {
  it("lists one node_modules per ancestor, nearest first", () => {
    const start = path.join(root, "a", "b");
    const dirs = nodeModulesDirs(start);
    expect(dirs.slice(0, 3)).toEqual([
      path.join(root, "a", "b", "node_modules"),
      path.join(root, "a", "node_modules"),
      path.join(root, "node_modules"),
    ]);
    expect(dirs.at(-1)).toBe(path.join(path.parse(root).root, "node_modules"));
    expect(new Set(dirs).size).toBe(dirs.length);
  });

  it("skips directories that are themselves named node_modules", () => {
    const inside = path.join(root, "node_modules", "pkg");
    const dirs = nodeModulesDirs(inside);
    expect(dirs[0]).toBe(path.join(root, "node_modules", "pkg", "node_modules"));
    expect(dirs).not.toContain(path.join(root, "node_modules", "node_modules"));
    expect(dirs[1]).toBe(path.join(root, "node_modules"));
  });

  it("lists package directories, scoped ones included, and nothing for a missing directory", async () => {
    const dirs = await listPackages(nm);
    expect(dirs).toContain(path.join(nm, "left-pad"));
    expect(dirs).toContain(path.join(nm, "@acme", "oaat-provider-scoped"));
    expect(dirs).toContain(path.join(nm, "linked-provider"));
    expect(dirs).not.toContain(path.join(nm, "@acme"));
    expect(dirs).not.toContain(path.join(nm, ".bin"));
    expect(await listPackages(path.join(root, "missing", "node_modules"))).toEqual([]);
  });
});
