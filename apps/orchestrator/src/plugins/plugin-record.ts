import type { PluginManifest } from "@oss-ai-agent-tool/core";
import type { PluginSource } from "../discovery/index.js";
import type { MissingCredential } from "./missing-credentials.js";

/**
 * What the orchestrator knows of one plugin:
 * - `enabled`: routable; its code is imported on first use;
 * - `disabled`: installed but left out of `providers.enabled`;
 * - `unconfigured`: a required credential is missing (see `missing`);
 * - `broken`: bad manifest, incompatible API, failed import or factory.
 */
export type PluginStatus = "enabled" | "disabled" | "unconfigured" | "broken";

/** One discovered plugin, usable or not. */
export interface PluginRecord {
  /** The manifest id; for a package whose manifest could not be read, its package name or directory. */
  readonly id: string;
  readonly packageName: string | undefined;
  readonly version: string | undefined;
  readonly source: PluginSource;
  readonly packageDir: string;
  readonly manifest: PluginManifest | undefined;
  readonly entryPath: string | undefined;
  status: PluginStatus;
  /** Why the plugin is not enabled; secret-free. */
  reason: string | undefined;
  missing: MissingCredential[];
  /** Settings the plugin needs and the config lacks (the plugin is then `unconfigured`). */
  settingsIssues: readonly string[];
  /** Validated settings, defaults and the base-URL variable applied. */
  settings: Record<string, unknown>;
}
