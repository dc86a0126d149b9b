import { pathToFileURL } from "node:url";
import {
  isPluginApiCompatible,
  isProviderPlugin,
  PLUGIN_API_VERSION,
  type ProviderPlugin,
} from "@oss-ai-agent-tool/core";

/** A plugin entry module that cannot be used; the message is the reason shown in health. */
export class PluginLoadError extends Error {
  override readonly name = "PluginLoadError";
}

/**
 * Imports a plugin's entry module and checks that it default-exports a
 * `defineProvider(...)` result built against a compatible plugin API.
 */
export async function loadPluginModule(entryPath: string): Promise<ProviderPlugin<unknown>> {
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(entryPath).href)) as { default?: unknown };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new PluginLoadError(`import failed: ${message.split("\n")[0]}`);
  }
  const plugin = mod.default;
  if (!isProviderPlugin(plugin)) {
    throw new PluginLoadError(
      "entry does not default-export a provider plugin: expected `export default defineProvider(...)`",
    );
  }
  // A plugin built against a newer core may call API this core lacks.
  if (!isPluginApiCompatible(`^${plugin.pluginApiVersion}`)) {
    throw new PluginLoadError(
      `plugin was built for plugin API ${plugin.pluginApiVersion}, but this core implements ${PLUGIN_API_VERSION}`,
    );
  }
  return plugin;
}
