import { type CliIO, UsageError } from "../cli-io.js";
import { EXIT_CODES, type ExitCode } from "../exit-codes.js";
import { CONFIG_HELP } from "../help-texts.js";
import { parseCommandArgs, stringOption } from "../parse-command-args.js";
import { openGateway } from "./open-gateway.js";

/** `oaat config check`: validates the config against the installed plugins. */
export async function configCommand(args: string[], io: CliIO): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs(
    args,
    { config: { type: "string", short: "c" } },
    "config",
  );
  if (values.help || positionals.length === 0) {
    io.stdout.write(CONFIG_HELP);
    return values.help ? EXIT_CODES.ok : EXIT_CODES.usage;
  }
  if (positionals[0] !== "check" || positionals.length > 1) {
    throw new UsageError(
      `config: unknown subcommand "${positionals.join(" ")}" (expected "check")`,
    );
  }
  const gateway = await openGateway(stringOption(values.config), io, "error");
  try {
    const records = gateway.host.records();
    const enabled = gateway.host.enabledIds();
    io.stdout.write(
      `config OK: ${records.length} provider plugin(s) found, enabled: ${enabled.join(", ") || "none"}\n`,
    );
    for (const r of records.filter((x) => x.status !== "enabled")) {
      io.stdout.write(`  ${r.id}: ${r.status}${r.reason ? ` (${r.reason})` : ""}\n`);
    }
    return EXIT_CODES.ok;
  } finally {
    await gateway.close();
  }
}
