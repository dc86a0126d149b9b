import { readFile } from "node:fs/promises";
import path from "node:path";
import { formatValidationError } from "../validation/format-validation-error.js";
import { type PluginManifest, pluginManifestSchema } from "./manifest-schema.js";
import { isPluginApiCompatible, PLUGIN_API_VERSION } from "./plugin-api-version.js";

/** A plugin package whose manifest is valid and compatible. */
export interface LoadedManifest {
  ok: true;
  packageName: string;
  packageVersion: string;
  packageDir: string;
  manifest: PluginManifest;
  /** Absolute path of the entry module, for a later `import()`. */
  entryPath: string;
}

/** A package that is not a usable plugin, and why. */
export interface RejectedManifest {
  ok: false;
  packageName?: string;
  packageDir: string;
  /** Secret-free, human-readable; names the bad field and what was expected. */
  reason: string;
}

/** The outcome of {@link readManifest}. */
export type ManifestReadResult = LoadedManifest | RejectedManifest;

/** Whether a parsed `package.json` declares an `"oaat"` field at all. */
export function hasManifestField(packageJson: unknown): boolean {
  return typeof packageJson === "object" && packageJson !== null && "oaat" in packageJson;
}

/**
 * Validates the `"oaat"` field of an already-parsed `package.json`, and checks
 * its plugin API range against this core. Pure: reads no file.
 */
export function parseManifest(packageJson: unknown, packageDir: string): ManifestReadResult {
  if (typeof packageJson !== "object" || packageJson === null) {
    return { ok: false, packageDir, reason: "package.json: expected a JSON object" };
  }
  const pkg = packageJson as { name?: unknown; version?: unknown; oaat?: unknown };
  const packageName = typeof pkg.name === "string" ? pkg.name : undefined;
  const base = { ok: false as const, packageDir, ...(packageName ? { packageName } : {}) };
  if (pkg.oaat === undefined) {
    return { ...base, reason: 'package.json has no "oaat" manifest field' };
  }
  const parsed = pluginManifestSchema.safeParse(pkg.oaat);
  if (!parsed.success) {
    return { ...base, reason: `invalid manifest:\n${formatValidationError(parsed.error, "oaat")}` };
  }
  const manifest = parsed.data;
  if (!isPluginApiCompatible(manifest.pluginApi)) {
    return {
      ...base,
      reason: `oaat.pluginApi: plugin needs plugin API ${manifest.pluginApi}, but this core implements ${PLUGIN_API_VERSION}`,
    };
  }
  const entryPath = path.resolve(packageDir, manifest.entry);
  if (!entryPath.startsWith(path.resolve(packageDir) + path.sep)) {
    return { ...base, reason: "oaat.entry: must stay inside the package directory" };
  }
  return {
    ok: true,
    packageName: packageName ?? manifest.id,
    packageVersion: typeof pkg.version === "string" ? pkg.version : "0.0.0",
    packageDir,
    manifest,
    entryPath,
  };
}

/**
 * Reads and validates the manifest of the package in `packageDir` without
 * importing any of its code. Never throws: a broken package is reported with
 * the reason, so one bad plugin cannot stop the orchestrator.
 */
export async function readManifest(packageDir: string): Promise<ManifestReadResult> {
  const file = path.join(packageDir, "package.json");
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    return {
      ok: false,
      packageDir,
      reason: `cannot read package.json (${String(code ?? "error")})`,
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return {
      ok: false,
      packageDir,
      reason: `package.json is not valid JSON: ${(err as Error).message}`,
    };
  }
  return parseManifest(json, packageDir);
}
