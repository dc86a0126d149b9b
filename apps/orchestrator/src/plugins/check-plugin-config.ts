import type { Logger } from "@oss-ai-agent-tool/core";
import { ConfigError, type GatewayConfig, ROUTING_MODES } from "../config/index.js";
import type { DiscoveryResult } from "../discovery/index.js";
import { validatePluginSettings } from "./validate-plugin-settings.js";

/** What {@link checkPluginConfig} found. */
export interface PluginConfigCheck {
  /** Validated settings per plugin id, defaults and the base-URL variable applied. */
  settings: Map<string, Record<string, unknown>>;
  /** Settings problems of plugins the config does not mention, per plugin id. */
  incomplete: Map<string, string[]>;
}

/**
 * Checks the parts of the config that depend on which plugins are installed:
 * every provider named in `providers.enabled`, `defaultProvider`,
 * `routingPriority` and `routing.aliases` must exist, and each plugin's
 * `providers.settings.<id>` must match its manifest schema. A plugin's
 * official base-URL variable (`baseURLEnv`, e.g. `OPENAI_BASE_URL`) fills
 * `baseURL` when the settings leave it out.
 *
 * @returns the validated settings per plugin id, and the problems of plugins
 *   the config never mentions, which are then `unconfigured` rather than fatal.
 * @throws {ConfigError} listing every problem at once.
 */
export function checkPluginConfig(
  config: GatewayConfig,
  discovery: DiscoveryResult,
  options: {
    env?: Readonly<Record<string, string | undefined>>;
    logger?: Logger;
    source?: string;
  } = {},
): PluginConfigCheck {
  const env = options.env ?? process.env;
  const names = new Map<string, string>();
  for (const p of discovery.plugins) {
    for (const n of [p.manifest.id, ...p.manifest.aliases]) names.set(n, p.manifest.id);
  }
  const brokenNames = new Set(discovery.rejected.map((r) => r.id ?? r.packageName).filter(Boolean));
  const known = [...new Set(names.values())].join(", ") || "none";
  const issues: string[] = [];
  const check = (name: string, where: string) => {
    // A broken plugin is reported in health rather than failing start-up.
    if (!names.has(name) && !brokenNames.has(name)) {
      issues.push(
        `${where}: no installed provider plugin is named "${name}" (installed: ${known})`,
      );
    }
  };

  const { providers, routing } = config;
  for (const [i, n] of (providers.enabled ?? []).entries()) check(n, `providers.enabled[${i}]`);
  if (providers.defaultProvider) check(providers.defaultProvider, "providers.defaultProvider");
  for (const mode of ROUTING_MODES) {
    for (const [i, n] of (providers.routingPriority[mode] ?? []).entries()) {
      check(n, `providers.routingPriority.${mode}[${i}]`);
    }
  }
  for (const [alias, targets] of Object.entries(routing.aliases)) {
    [targets].flat().forEach((t, i) => {
      const provider = t.slice(0, t.indexOf("/"));
      check(
        provider,
        Array.isArray(targets) ? `routing.aliases.${alias}[${i}]` : `routing.aliases.${alias}`,
      );
    });
  }

  const settings = new Map<string, Record<string, unknown>>();
  for (const key of Object.keys(providers.settings)) {
    if (!names.has(key)) {
      options.logger?.warn(
        { provider: key },
        `providers.settings.${key}: no installed provider plugin has this id; the settings are unused`,
      );
    }
  }
  const incomplete = new Map<string, string[]>();
  for (const plugin of discovery.plugins) {
    const { manifest } = plugin;
    const names = [manifest.id, ...manifest.aliases];
    const given = names.map((n) => providers.settings[n]).find((s) => s !== undefined);
    const withEnv = { ...given };
    const envBase = manifest.baseURLEnv ? env[manifest.baseURLEnv]?.trim() : undefined;
    if (withEnv.baseURL === undefined && envBase) withEnv.baseURL = envBase;
    const result = validatePluginSettings(manifest, withEnv);
    if (result.ok) {
      settings.set(manifest.id, result.settings);
      continue;
    }
    // A plugin the user never mentioned (installed rather than listed under
    // plugins:, no settings, no base-URL variable, not in providers.enabled)
    // must not stop the gateway because a setting it
    // needs is missing: it is reported as unconfigured instead, like a
    // missing credential.
    const mentioned =
      plugin.source === "config" ||
      given !== undefined ||
      envBase !== undefined ||
      providers.enabled?.some((n) => names.includes(n)) === true;
    if (mentioned) issues.push(...result.issues);
    else incomplete.set(manifest.id, result.issues);
  }
  if (issues.length > 0) throw new ConfigError(issues, options.source);
  return { settings, incomplete };
}
