import { hashApiKey } from "../../auth/index.js";
import { type CliIO, UsageError } from "../cli-io.js";
import { EXIT_CODES, type ExitCode } from "../exit-codes.js";
import { HASH_KEY_HELP } from "../help-texts.js";
import { parseCommandArgs } from "../parse-command-args.js";
import { readStdin } from "./read-stdin.js";

/** `oaat hash-key`: the `sha256:` form of an API key for `auth.apiKeys[].hash`. */
export async function hashKeyCommand(args: string[], io: CliIO): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs(args, {}, "hash-key");
  if (values.help) {
    io.stdout.write(HASH_KEY_HELP);
    return EXIT_CODES.ok;
  }
  if (positionals.length > 1) throw new UsageError("hash-key: expected at most one key");
  const given = positionals[0];
  const key = given === undefined || given === "-" ? (await readStdin(io.stdin)).trim() : given;
  if (key === "") throw new UsageError("hash-key: the key is empty");
  io.stdout.write(`${hashApiKey(key)}\n`);
  return EXIT_CODES.ok;
}
