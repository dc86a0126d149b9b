import { type ParseArgsConfig, parseArgs } from "node:util";
import { UsageError } from "./cli-io.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Parses one command's arguments strictly; unknown flags become a {@link UsageError}. */
export function parseCommandArgs<T extends Options>(
  args: string[],
  options: T,
  command: string,
): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    return parseArgs({
      args,
      options: { ...options, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw new UsageError(`${command}: ${(err as Error).message}`);
  }
}

/** A string option's value; undefined when absent. */
export function stringOption(value: string | boolean | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}
