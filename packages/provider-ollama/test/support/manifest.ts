import { readFileSync } from "node:fs";
import type { PluginManifestInput } from "@oss-ai-agent-tool/core";

/** The `"oaat"` manifest of this package, as the orchestrator reads it from `package.json`. */
export function packageManifest(): PluginManifestInput {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    oaat: PluginManifestInput;
  };
  return pkg.oaat;
}
