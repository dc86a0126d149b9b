import { loadConfig } from "../../config/index.js";
import { startServer } from "../../server/start-server.js";
import { type CliIO, UsageError } from "../cli-io.js";
import { EXIT_CODES, type ExitCode } from "../exit-codes.js";
import { SERVE_HELP } from "../help-texts.js";
import { parseCommandArgs, stringOption } from "../parse-command-args.js";
import { parsePortFlag } from "./parse-port-flag.js";

/** `oaat serve`: runs until SIGTERM or SIGINT, then drains and resolves with 0. */
export async function serveCommand(args: string[], io: CliIO): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs(
    args,
    {
      config: { type: "string", short: "c" },
      host: { type: "string" },
      port: { type: "string", short: "p" },
    },
    "serve",
  );
  if (values.help) {
    io.stdout.write(SERVE_HELP);
    return EXIT_CODES.ok;
  }
  if (positionals.length > 0)
    throw new UsageError(`serve: unexpected argument "${positionals[0]}"`);
  const portText = stringOption(values.port);
  const port = portText === undefined ? undefined : parsePortFlag(portText);
  const configPath = stringOption(values.config);
  const host = stringOption(values.host);
  const loaded = await loadConfig({
    ...(configPath !== undefined ? { configPath } : {}),
    env: io.env,
    cwd: io.cwd,
    overrides: {
      ...(host !== undefined ? { host } : {}),
      ...(port !== undefined ? { port } : {}),
    },
  });
  const running = await startServer({
    config: loaded.config,
    baseDir: loaded.baseDir,
    env: io.env,
    ...(loaded.source ? { source: loaded.source } : {}),
  });
  await new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      running.gateway.logger.info({ signal }, "shutting down");
      process.off("SIGTERM", onSignal);
      process.off("SIGINT", onSignal);
      resolve();
    };
    process.on("SIGTERM", onSignal);
    process.on("SIGINT", onSignal);
  });
  await running.stop();
  return EXIT_CODES.ok;
}
