/** The streams and environment a CLI command uses; tests pass their own. */
export interface CliIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

/** A usage mistake: printed with the command's help hint, exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}
