import type { PluginManifest } from "@oss-ai-agent-tool/core";
import { Ajv, type ErrorObject } from "ajv";

function isUrl(value: string): boolean {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

// One compiler for the process: ajv caches compiled validators by schema, so
// each plugin's schema is compiled once at start-up, never per request.
const ajv = new Ajv({
  allErrors: true,
  strict: false,
  useDefaults: true,
  formats: { uri: isUrl, url: isUrl },
});

function describe(error: ErrorObject): string {
  switch (error.keyword) {
    case "additionalProperties":
      return `unknown setting "${String(error.params.additionalProperty)}"`;
    case "required":
      return `is required ("${String(error.params.missingProperty)}")`;
    case "enum":
      return `must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
    default:
      return error.message ?? "is invalid";
  }
}

function pathOf(prefix: string, error: ErrorObject): string {
  const segments = error.instancePath
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  let out = prefix;
  for (const s of segments) out += /^\d+$/.test(s) ? `[${s}]` : `.${s}`;
  if (error.keyword === "required") out += `.${String(error.params.missingProperty)}`;
  return out;
}

/**
 * Validates `providers.settings.<id>` against the plugin's manifest
 * `optionsSchema` (JSON Schema), without importing the plugin. Returns the
 * settings with schema defaults applied, or the problems, each naming the
 * key path and what was expected.
 */
export function validatePluginSettings(
  manifest: PluginManifest,
  settings: Record<string, unknown>,
): { ok: true; settings: Record<string, unknown> } | { ok: false; issues: string[] } {
  let validate: ReturnType<typeof ajv.compile>;
  try {
    validate = ajv.compile(manifest.optionsSchema);
  } catch (err) {
    return {
      ok: false,
      issues: [
        `oaat.optionsSchema of plugin "${manifest.id}" is not a valid JSON Schema: ${(err as Error).message}`,
      ],
    };
  }
  const copy = structuredClone(settings);
  if (validate(copy)) return { ok: true, settings: copy };
  const prefix = `providers.settings.${manifest.id}`;
  return {
    ok: false,
    issues: (validate.errors ?? []).map((e) => `${pathOf(prefix, e)}: ${describe(e)}`),
  };
}
