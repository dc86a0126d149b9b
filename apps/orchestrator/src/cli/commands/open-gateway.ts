import { loadConfig } from "../../config/index.js";
import { createGateway, type Gateway } from "../../gateway/create-gateway.js";
import { createLogger } from "../../logging/create-logger.js";
import type { CliIO } from "../cli-io.js";

/**
 * Builds the gateway in this process for a one-shot command, logging
 * warnings and errors to stderr so stdout stays clean for the output.
 */
export async function openGateway(
  configPath: string | undefined,
  io: CliIO,
  level = "warn",
): Promise<Gateway> {
  const loaded = await loadConfig({
    ...(configPath !== undefined ? { configPath } : {}),
    env: io.env,
    cwd: io.cwd,
  });
  const logger = createLogger({
    level: io.env.OAAT_LOG_LEVEL ?? level,
    destination: { write: (line: string) => io.stderr.write(line) },
  });
  return createGateway({
    config: loaded.config,
    baseDir: loaded.baseDir,
    env: io.env,
    logger,
    ...(loaded.source ? { source: loaded.source } : {}),
  });
}
