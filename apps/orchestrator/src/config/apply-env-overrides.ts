import { ConfigError } from "./config-error.js";

/** Values given on the command line; they win over the environment and the file. */
export interface ConfigOverrides {
  host?: string;
  port?: number;
}

type Raw = Record<string, unknown>;

function section(root: Raw, key: string): Raw {
  const value = root[key];
  if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Raw;
  const fresh: Raw = {};
  root[key] = fresh;
  return fresh;
}

function parsePort(text: string, from: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text.trim()) || port > 65_535) {
    throw new ConfigError([`${from}: expected a port number from 0 to 65535, got "${text}"`]);
  }
  return port;
}

/**
 * Layers `OAAT_HOST`, `OAAT_PORT` and `OAAT_LOG_LEVEL`, then the command-line
 * overrides, over the raw file config, before validation, so that a bad value
 * is reported like any other. (`NETWORK_EGRESS_*` are applied by core's
 * `resolveEgressConfig` after validation.) Returns a copy.
 */
export function applyEnvOverrides(
  raw: unknown,
  env: Readonly<Record<string, string | undefined>>,
  overrides: ConfigOverrides = {},
): unknown {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return raw;
  const root: Raw = structuredClone(raw as Raw);
  const host = overrides.host ?? (env.OAAT_HOST?.trim() || undefined);
  if (host !== undefined) section(root, "server").host = host;
  if (overrides.port !== undefined) section(root, "server").port = overrides.port;
  else if (env.OAAT_PORT?.trim())
    section(root, "server").port = parsePort(env.OAAT_PORT, "OAAT_PORT");
  const level = env.OAAT_LOG_LEVEL?.trim();
  if (level) section(root, "logging").level = level;
  return root;
}

export { parsePort };
