/**
 * A config that cannot be used. The message lists every problem, each naming
 * the key path (or environment variable) and what was expected, so one run
 * shows everything to fix. The CLI exits with exit code 3 on it.
 */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  readonly issues: readonly string[];
  /** The file the config came from, when there was one. */
  readonly source: string | undefined;

  constructor(issues: readonly string[], source?: string) {
    const where = source ? ` (${source})` : "";
    super(`invalid config${where}:\n${issues.map((i) => `  - ${i}`).join("\n")}`);
    this.issues = issues;
    this.source = source;
  }
}
