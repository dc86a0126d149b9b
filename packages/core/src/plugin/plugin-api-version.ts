import semver from "semver";

/**
 * The version of the plugin contract this core implements. A plugin states
 * the range it was built for in its manifest's `pluginApi`; the orchestrator
 * loads it only when this version satisfies that range.
 */
export const PLUGIN_API_VERSION = "1.0.0";

/** Whether a plugin built for `range` can run on this core. */
export function isPluginApiCompatible(
  range: string,
  version: string = PLUGIN_API_VERSION,
): boolean {
  const valid = semver.validRange(range);
  return valid !== null && semver.satisfies(version, valid);
}
