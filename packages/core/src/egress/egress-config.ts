import { z } from "zod";
import { compileHostPattern, InvalidAllowEntryError } from "./match-host-pattern.js";

/**
 * How the egress policy acts on a destination it does not allow:
 * `enforce` refuses it, `report-only` logs and counts it but lets it
 * through (for rolling out an allowlist), `allow` turns the policy off.
 */
export type EgressMode = "enforce" | "report-only" | "allow";

/** The modes, in the order error messages list them. */
export const EGRESS_MODES: readonly EgressMode[] = ["enforce", "report-only", "allow"];

function describeEntryProblem(entry: string): string | undefined {
  try {
    compileHostPattern(entry);
    return undefined;
  } catch (err) {
    /* v8 ignore next -- compileHostPattern only throws InvalidAllowEntryError */
    return err instanceof InvalidAllowEntryError ? err.message : String(err);
  }
}

const allowEntrySchema = z.string().superRefine((entry, ctx) => {
  const problem = describeEntryProblem(entry);
  if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
});

/**
 * The egress section of the gateway config. Every allow entry is checked
 * here, so that a typo fails at startup with the entry named rather than
 * silently blocking (or allowing) traffic later.
 */
export const egressConfigSchema = z.object({
  mode: z.enum(["enforce", "report-only", "allow"]).default("enforce"),
  allow: z.array(allowEntrySchema).default([]),
});

/** The validated egress config. */
export type EgressConfig = z.output<typeof egressConfigSchema>;

/** The egress config as written, before defaults. */
export type EgressConfigInput = z.input<typeof egressConfigSchema>;

/** The environment variables {@link resolveEgressConfig} reads. */
export const EGRESS_ENV = {
  mode: "NETWORK_EGRESS_MODE",
  allow: "NETWORK_EGRESS_ALLOW",
} as const;

/**
 * Builds the effective egress config: `config` (usually from the config
 * file), then `NETWORK_EGRESS_MODE` overriding the mode and
 * `NETWORK_EGRESS_ALLOW` (comma-separated) appending entries. Throws an
 * `Error` that names the offending variable or entry and what was expected.
 */
export function resolveEgressConfig(
  config?: Partial<EgressConfig>,
  env: Readonly<Record<string, string | undefined>> = process.env,
): EgressConfig {
  let mode: EgressMode | undefined = config?.mode;
  const envMode = env[EGRESS_ENV.mode]?.trim();
  if (envMode) {
    if (!(EGRESS_MODES as readonly string[]).includes(envMode)) {
      throw new Error(
        `${EGRESS_ENV.mode} must be one of ${EGRESS_MODES.map((m) => `"${m}"`).join(", ")}; got "${envMode}"`,
      );
    }
    mode = envMode as EgressMode;
  }

  const allow = [...(config?.allow ?? [])];
  for (const entry of (env[EGRESS_ENV.allow] ?? "").split(",")) {
    const trimmed = entry.trim();
    if (trimmed === "") continue;
    const problem = describeEntryProblem(trimmed);
    if (problem !== undefined) throw new Error(`${EGRESS_ENV.allow}: ${problem}`);
    allow.push(trimmed);
  }

  const parsed = egressConfigSchema.safeParse({ mode, allow });
  if (!parsed.success) {
    const details = parsed.error.issues
      .map((issue) => `${issue.path.length > 0 ? `${issue.path.join(".")}: ` : ""}${issue.message}`)
      .join("; ");
    throw new Error(`invalid egress config: ${details}`);
  }
  return parsed.data;
}
