import { readFile, realpath, stat } from "node:fs/promises";
import path from "node:path";
import {
  type LoadedManifest,
  parseManifest,
  pluginManifestSchema,
  type RejectedManifest,
} from "@oss-ai-agent-tool/core";
import { listPackages } from "./list-packages.js";
import { nodeModulesDirs } from "./node-modules-dirs.js";

/** How a plugin was found. */
export type PluginSource = "installed" | "config";

/** A plugin whose manifest is valid and compatible; its code is not imported yet. */
export type DiscoveredPlugin = LoadedManifest & { source: PluginSource };

/** A package that declares an `"oaat"` manifest but cannot be used, and why. */
export type RejectedPlugin = RejectedManifest & { source: PluginSource; id?: string };

/** What discovery found. */
export interface DiscoveryResult {
  plugins: DiscoveredPlugin[];
  rejected: RejectedPlugin[];
}

/** Where {@link discoverPlugins} looks. */
export interface DiscoverOptions {
  /** Directories whose `node_modules` chains are scanned (the orchestrator's own installation). */
  installRoots: readonly string[];
  /** `plugins:` from the config: package names or paths. */
  configured?: readonly string[];
  /** Relative paths and package names in `configured` resolve from here (the config file's directory). */
  baseDir?: string;
}

type ReadOutcome =
  | { kind: "none" }
  | { kind: "plugin"; plugin: LoadedManifest }
  | { kind: "rejected"; rejected: RejectedManifest; id?: string };

// Most installed packages are not plugins: a substring check skips parsing their JSON at all.
async function readPackage(dir: string, requireManifest: boolean): Promise<ReadOutcome> {
  let text: string;
  try {
    text = await readFile(path.join(dir, "package.json"), "utf8");
  } catch (err) {
    if (!requireManifest) return { kind: "none" };
    const code = (err as NodeJS.ErrnoException).code ?? "error";
    return {
      kind: "rejected",
      rejected: { ok: false, packageDir: dir, reason: `cannot read package.json (${code})` },
    };
  }
  if (!requireManifest && !text.includes('"oaat"')) return { kind: "none" };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return {
      kind: "rejected",
      rejected: {
        ok: false,
        packageDir: dir,
        reason: `package.json is not valid JSON: ${(err as Error).message}`,
      },
    };
  }
  if (!requireManifest && (typeof json !== "object" || json === null || !("oaat" in json))) {
    return { kind: "none" };
  }
  const result = parseManifest(json, dir);
  if (result.ok) return { kind: "plugin", plugin: result };
  const id = declaredId(json);
  return { kind: "rejected", rejected: result, ...(id ? { id } : {}) };
}

// A manifest rejected for another field (an incompatible `pluginApi`, say)
// still declares a usable id: listing the plugin under it lets health show
// it, and config that names it stay valid, rather than the package name.
function declaredId(json: unknown): string | undefined {
  const oaat = (json as { oaat?: unknown } | null)?.oaat;
  const id = (oaat as { id?: unknown } | null | undefined)?.id;
  return pluginManifestSchema.shape.id.safeParse(id).success ? (id as string) : undefined;
}

function looksLikePath(spec: string): boolean {
  return (
    spec.startsWith(".") ||
    path.isAbsolute(spec) ||
    (spec.includes(path.sep) && !spec.startsWith("@"))
  );
}

async function isDir(dir: string): Promise<boolean> {
  try {
    return (await stat(dir)).isDirectory();
  } catch {
    return false;
  }
}

// Resolves a package name the way Node would from `fromDir`, without importing
// it and without relying on the package exporting `./package.json`.
async function findPackageDir(
  name: string,
  fromDirs: readonly string[],
): Promise<string | undefined> {
  for (const from of fromDirs) {
    for (const nm of nodeModulesDirs(from)) {
      const candidate = path.join(nm, name);
      if (await isDir(candidate)) return candidate;
    }
  }
  return undefined;
}

/**
 * Finds provider plugins by their `"oaat"` manifests, without importing any
 * plugin code: every package installed where the orchestrator is installed,
 * then every package name or path listed under `plugins:` in the config.
 * Never throws for a bad package: each lands in `rejected` with its reason.
 * Where two packages claim one id or alias, a configured one wins over an
 * installed one, and otherwise the first found wins; the other is rejected.
 */
export async function discoverPlugins(options: DiscoverOptions): Promise<DiscoveryResult> {
  const baseDir = options.baseDir ?? process.cwd();
  const found: Array<{ outcome: ReadOutcome; source: PluginSource; dir: string }> = [];

  for (const spec of options.configured ?? []) {
    const dir = looksLikePath(spec)
      ? path.resolve(baseDir, spec)
      : await findPackageDir(spec, [baseDir, ...options.installRoots]);
    if (dir === undefined || !(await isDir(dir))) {
      found.push({
        source: "config",
        dir: dir ?? spec,
        outcome: {
          kind: "rejected",
          rejected: {
            ok: false,
            packageDir: dir ?? spec,
            ...(looksLikePath(spec) ? {} : { packageName: spec }),
            reason: looksLikePath(spec)
              ? `plugins: no package directory at "${spec}"`
              : `plugins: package "${spec}" is not installed (searched node_modules from the config directory and the orchestrator)`,
          },
        },
      });
      continue;
    }
    found.push({ source: "config", dir, outcome: await readPackage(dir, true) });
  }

  const scanned = new Set<string>();
  for (const root of options.installRoots) {
    for (const nm of nodeModulesDirs(root)) {
      if (scanned.has(nm)) continue;
      scanned.add(nm);
      const dirs = await listPackages(nm);
      const outcomes = await Promise.all(dirs.map((dir) => readPackage(dir, false)));
      outcomes.forEach((outcome, i) => {
        if (outcome.kind !== "none")
          found.push({ source: "installed", dir: dirs[i] as string, outcome });
      });
    }
  }

  const plugins: DiscoveredPlugin[] = [];
  const rejected: RejectedPlugin[] = [];
  const claimed = new Map<string, DiscoveredPlugin>();
  const seenDirs = new Set<string>();
  for (const { outcome, source, dir } of found) {
    const real = await realpath(dir).catch(() => dir);
    if (seenDirs.has(real)) continue;
    seenDirs.add(real);
    if (outcome.kind === "rejected") {
      const id = outcome.id ?? outcome.rejected.packageName;
      rejected.push({ ...outcome.rejected, source, ...(id ? { id } : {}) });
      continue;
    }
    if (outcome.kind !== "plugin") continue;
    const plugin: DiscoveredPlugin = { ...outcome.plugin, source };
    const names = [plugin.manifest.id, ...plugin.manifest.aliases];
    const clash = names.map((n) => claimed.get(n)).find((p) => p !== undefined);
    if (clash) {
      rejected.push({
        ok: false,
        source,
        packageDir: plugin.packageDir,
        packageName: plugin.packageName,
        id: plugin.manifest.id,
        reason: `provider id "${plugin.manifest.id}" (or an alias) is already provided by ${clash.packageName}@${clash.packageVersion}`,
      });
      continue;
    }
    for (const n of names) claimed.set(n, plugin);
    plugins.push(plugin);
  }
  return { plugins, rejected };
}
