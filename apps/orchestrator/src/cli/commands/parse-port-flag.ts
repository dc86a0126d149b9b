import { UsageError } from "../cli-io.js";

/** `--port` as a number from 0 to 65535. */
export function parsePortFlag(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_535) {
    throw new UsageError(`--port: expected a port number from 0 to 65535, got "${text}"`);
  }
  return port;
}
