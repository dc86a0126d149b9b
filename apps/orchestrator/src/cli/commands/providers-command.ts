import type { PluginRecord } from "../../plugins/index.js";
import { type CliIO, UsageError } from "../cli-io.js";
import { EXIT_CODES, type ExitCode } from "../exit-codes.js";
import { PROVIDERS_HELP } from "../help-texts.js";
import { parseCommandArgs, stringOption } from "../parse-command-args.js";
import { formatTable } from "./format-table.js";
import { openGateway } from "./open-gateway.js";

function details(record: PluginRecord): string {
  if (record.status !== "unconfigured") return record.reason ?? "";
  const parts = record.missing.length
    ? [`missing: ${record.missing.map((m) => m.env.join(" or ")).join(", ")}`]
    : [];
  parts.push(...record.settingsIssues.map((issue) => `needs ${issue}`));
  return parts.join("; ");
}

/** `oaat providers`: what was discovered and why each plugin is or is not usable. */
export async function providersCommand(args: string[], io: CliIO): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs(
    args,
    { config: { type: "string", short: "c" }, json: { type: "boolean" } },
    "providers",
  );
  if (values.help) {
    io.stdout.write(PROVIDERS_HELP);
    return EXIT_CODES.ok;
  }
  if (positionals.length > 0)
    throw new UsageError(`providers: unexpected argument "${positionals[0]}"`);
  const gateway = await openGateway(stringOption(values.config), io, "error");
  try {
    const records = gateway.host.records();
    if (values.json) {
      const out = records.map((r) => ({
        id: r.id,
        package: r.packageName ?? null,
        version: r.version ?? null,
        source: r.source,
        status: r.status,
        missingCredentials: r.missing.flatMap((m) => m.env),
        ...(r.settingsIssues.length ? { missingSettings: r.settingsIssues } : {}),
        reason: r.reason ?? null,
      }));
      io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    } else if (records.length === 0) {
      io.stdout.write(
        'No provider plugins found. Install one next to oaat (e.g. @oss-ai-agent-tool/provider-openai) or list it under "plugins:" in the config.\n',
      );
    } else {
      const rows = records.map((r) => [
        r.id,
        r.packageName ?? "-",
        r.version ?? "-",
        r.status,
        r.source,
        details(r),
      ]);
      io.stdout.write(
        formatTable(["ID", "PACKAGE", "VERSION", "STATUS", "SOURCE", "DETAILS"], rows),
      );
    }
    return records.some((r) => r.status === "broken") ? EXIT_CODES.failure : EXIT_CODES.ok;
  } finally {
    await gateway.close();
  }
}
