import { readFile } from "node:fs/promises";
import path from "node:path";
import { formatValidationError, resolveEgressConfig } from "@oss-ai-agent-tool/core";
import { applyEnvOverrides, type ConfigOverrides } from "./apply-env-overrides.js";
import { ConfigError } from "./config-error.js";
import { type GatewayConfig, gatewayConfigSchema } from "./config-schema.js";
import { findConfigFile } from "./find-config-file.js";
import { parseConfigText } from "./parse-config-text.js";

/** Where {@link loadConfig} looks and what overrides it applies. */
export interface LoadConfigOptions {
  /** `--config`. */
  configPath?: string;
  env?: Readonly<Record<string, string | undefined>>;
  cwd?: string;
  overrides?: ConfigOverrides;
}

/** A validated config and where it came from. */
export interface LoadedConfig {
  config: GatewayConfig;
  /** The config file, or undefined when running on defaults. */
  source: string | undefined;
  /** Relative plugin paths and secrets files resolve against this directory. */
  baseDir: string;
}

/**
 * Validates already-parsed config data (from a file or built in code) with
 * the environment overrides applied.
 *
 * @throws {ConfigError} naming every bad key path and what was expected.
 */
export function resolveConfig(
  raw: unknown,
  options: {
    env?: Readonly<Record<string, string | undefined>>;
    overrides?: ConfigOverrides;
    source?: string;
  } = {},
): GatewayConfig {
  const env = options.env ?? process.env;
  const layered = applyEnvOverrides(raw, env, options.overrides);
  const parsed = gatewayConfigSchema.safeParse(layered);
  if (!parsed.success) {
    throw new ConfigError(formatValidationError(parsed.error).split("\n"), options.source);
  }
  const config = parsed.data;
  try {
    config.network.egress = resolveEgressConfig(config.network.egress, env);
  } catch (err) {
    throw new ConfigError([(err as Error).message], options.source);
  }
  return config;
}

/**
 * Finds, reads and validates the config: `--config`, then `OAAT_CONFIG`, then
 * `./oaat.config.yaml`; environment variables override the file and flags
 * override both. With no file, the defaults serve on 127.0.0.1:4000.
 *
 * @throws {ConfigError} for a missing named file, bad syntax or a bad key.
 */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<LoadedConfig> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const source = await findConfigFile(options.configPath, env, cwd);
  let raw: unknown = {};
  if (source !== undefined) {
    let text: string;
    try {
      text = await readFile(source, "utf8");
    } catch (err) {
      throw new ConfigError(
        [`cannot read config file: ${(err as NodeJS.ErrnoException).code ?? "error"}`],
        source,
      );
    }
    raw = parseConfigText(text, source);
  }
  const config = resolveConfig(raw, {
    env,
    ...(options.overrides ? { overrides: options.overrides } : {}),
    ...(source ? { source } : {}),
  });
  return { config, source, baseDir: source ? path.dirname(source) : cwd };
}
