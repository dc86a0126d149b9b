import { Readable, Writable } from "node:stream";
import type { CliIO } from "../../src/cli/cli-io.js";

/** A {@link CliIO} whose output is captured, for running `runCli` in-process. */
export interface FakeIO {
  io: CliIO;
  stdout(): string;
  stderr(): string;
}

function capture(): { stream: Writable; text: () => string } {
  let text = "";
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

/** Fake streams; `env` is the whole environment the command sees (nothing from this process). */
export function fakeIO(options: {
  cwd: string;
  env?: Record<string, string>;
  stdin?: string;
}): FakeIO {
  const out = capture();
  const err = capture();
  return {
    io: {
      stdout: out.stream,
      stderr: err.stream,
      stdin: Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]),
      env: options.env ?? {},
      cwd: options.cwd,
    },
    stdout: out.text,
    stderr: err.text,
  };
}
