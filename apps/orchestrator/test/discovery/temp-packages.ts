import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import type { PluginManifestInput } from "@oss-ai-agent-tool/core";

/**
 * Helpers that build throwaway package trees under the OS temp directory, so
 * discovery and loading are tested against real files outside the repository.
 */

/** The test plugin packages shipped with the orchestrator's tests. */
export const TEST_PLUGINS_DIR = path.join(import.meta.dirname, "..", "plugins");

/** A fresh directory under `os.tmpdir()`, realpath'd so it compares equal to what discovery reports. */
export async function makeTempDir(prefix: string): Promise<string> {
  return realpath(await mkdtemp(path.join(os.tmpdir(), `oaat-${prefix}-`)));
}

/** Removes a directory made by {@link makeTempDir}; safe when it is already gone. */
export async function removeTempDir(dir: string | undefined): Promise<void> {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
}

/** Writes `package.json` (and any other files) into `dir`, creating it; returns `dir`. */
export async function writePackage(
  dir: string,
  packageJson: Record<string, unknown>,
  files: Record<string, string> = {},
): Promise<string> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, "package.json"), `${JSON.stringify(packageJson, null, 2)}\n`);
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return dir;
}

/** A valid manifest for a keyless plugin with chat only, unless `overrides` says otherwise. */
export function manifestFor(
  id: string,
  overrides: Partial<PluginManifestInput> = {},
): PluginManifestInput {
  return {
    pluginApi: "^1.0.0",
    id,
    displayName: `${id} (temp test plugin)`,
    entry: "./index.js",
    capabilities: { chat: true },
    optionsSchema: { type: "object" },
    ...overrides,
  };
}

/** A plugin package.json: name, version, ESM, and the `"oaat"` manifest. */
export function pluginPackageJson(
  name: string,
  manifest: PluginManifestInput,
  version = "0.0.1",
): Record<string, unknown> {
  return { name, version, type: "module", oaat: manifest };
}

/**
 * An entry module that counts its own evaluation in
 * `globalThis.__oaatImports[id]` and default-exports whatever the test
 * registered in `globalThis.__oaatTestPlugins[id]` (a `defineProvider(...)`
 * result). It imports nothing, so it works from any directory.
 */
export function countingEntry(id: string): string {
  const key = JSON.stringify(id);
  return [
    "const counts = (globalThis.__oaatImports ??= {});",
    `counts[${key}] = (counts[${key}] ?? 0) + 1;`,
    `export default globalThis.__oaatTestPlugins?.[${key}];`,
    "",
  ].join("\n");
}

type TestGlobals = {
  __oaatImports?: Record<string, number>;
  __oaatTestPlugins?: Record<string, unknown>;
};

/** How many times the {@link countingEntry} of `id` was evaluated in this process. */
export function importCount(id: string): number {
  return (globalThis as TestGlobals).__oaatImports?.[id] ?? 0;
}

/** Registers what the {@link countingEntry} of `id` default-exports. */
export function registerTestPlugin(id: string, plugin: unknown): void {
  const g = globalThis as TestGlobals;
  g.__oaatTestPlugins ??= {};
  g.__oaatTestPlugins[id] = plugin;
}

/** The real directory of a workspace package, resolved the way this test file would import it. */
export function workspacePackageDir(name: string): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve(`${name}/package.json`));
}

/**
 * Makes `@oss-ai-agent-tool/core` and `testkit` importable from anything
 * under `root` by symlinking them into `root/node_modules`, as an installed
 * copy would be. Their own dependencies (the `openai` SDK) resolve from their
 * real location, since Node follows the symlink first.
 */
export async function linkWorkspacePackages(root: string): Promise<void> {
  const scope = path.join(root, "node_modules", "@oss-ai-agent-tool");
  await mkdir(scope, { recursive: true });
  for (const name of ["core", "testkit"]) {
    await symlink(
      workspacePackageDir(`@oss-ai-agent-tool/${name}`),
      path.join(scope, name),
      "junction",
    );
  }
}

/**
 * Writes a plugin package at `dir` whose entry is a {@link countingEntry}:
 * the test decides what it exports with {@link registerTestPlugin}.
 */
export function writeCountingPlugin(
  dir: string,
  id: string,
  overrides: Partial<PluginManifestInput> = {},
): Promise<string> {
  return writePackage(dir, pluginPackageJson(`oaat-test-${id}`, manifestFor(id, overrides)), {
    "index.js": countingEntry(id),
  });
}
