import { createRequire } from "node:module";
import { ConfigError } from "../config/index.js";
import { type CliIO, UsageError } from "./cli-io.js";
import { chatCommand } from "./commands/chat-command.js";
import { configCommand } from "./commands/config-check-command.js";
import { hashKeyCommand } from "./commands/hash-key-command.js";
import { providersCommand } from "./commands/providers-command.js";
import { serveCommand } from "./commands/serve-command.js";
import { EXIT_CODES, type ExitCode } from "./exit-codes.js";
import { MAIN_HELP } from "./help-texts.js";

const COMMANDS: Record<string, (args: string[], io: CliIO) => Promise<ExitCode>> = {
  serve: serveCommand,
  providers: providersCommand,
  chat: chatCommand,
  config: configCommand,
  "hash-key": hashKeyCommand,
};

function version(): string {
  const require = createRequire(import.meta.url);
  for (const candidate of ["../package.json", "../../package.json"]) {
    try {
      return (require(candidate) as { version: string }).version;
    } catch {
      // dist/ and src/cli/ sit at different depths below package.json.
    }
  }
  return "unknown";
}

/**
 * Runs one `oaat` command and returns its exit code (see `EXIT_CODES`).
 * Expected failures (bad usage, bad config, a failing upstream) print one
 * clear message to stderr, never a stack trace.
 */
export async function runCli(argv: string[], io: CliIO): Promise<ExitCode> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    io.stdout.write(MAIN_HELP);
    return command === undefined ? EXIT_CODES.usage : EXIT_CODES.ok;
  }
  if (command === "--version" || command === "-v") {
    io.stdout.write(`${version()}\n`);
    return EXIT_CODES.ok;
  }
  const run = COMMANDS[command];
  if (run === undefined) {
    io.stderr.write(`oaat: unknown command "${command}"\n\n${MAIN_HELP}`);
    return EXIT_CODES.usage;
  }
  try {
    return await run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`oaat ${err.message}\nRun "oaat ${command} --help" for usage.\n`);
      return EXIT_CODES.usage;
    }
    if (err instanceof ConfigError) {
      io.stderr.write(`oaat: ${err.message}\n`);
      return EXIT_CODES.config;
    }
    const code = (err as NodeJS.ErrnoException).code;
    const message = err instanceof Error ? err.message : String(err);
    io.stderr.write(
      `oaat ${command}: ${code === "EADDRINUSE" ? `address in use: ${message}` : message}\n`,
    );
    return EXIT_CODES.failure;
  }
}
