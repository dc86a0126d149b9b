import { access } from "node:fs/promises";
import path from "node:path";
import { ConfigError } from "./config-error.js";

/** Files looked for in the working directory when neither `--config` nor `OAAT_CONFIG` is given. */
export const DEFAULT_CONFIG_FILES = ["oaat.config.yaml", "oaat.config.yml", "oaat.config.json"];

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Finds the config file: `explicit` (`--config`), then `OAAT_CONFIG`, then
 * `./oaat.config.yaml` (or `.yml`, `.json`). A file named explicitly or by
 * the variable must exist; the default files are optional, and with none
 * the gateway runs on defaults.
 */
export async function findConfigFile(
  explicit: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): Promise<string | undefined> {
  const named = explicit ?? (env.OAAT_CONFIG?.trim() || undefined);
  if (named !== undefined) {
    const file = path.resolve(cwd, named);
    if (!(await exists(file))) {
      const via = explicit !== undefined ? "--config" : "OAAT_CONFIG";
      throw new ConfigError([`${via}: config file not found: ${named}`]);
    }
    return file;
  }
  for (const name of DEFAULT_CONFIG_FILES) {
    const file = path.join(cwd, name);
    if (await exists(file)) return file;
  }
  return undefined;
}
