import { Writable } from "node:stream";
import type { SecretsStore } from "@oss-ai-agent-tool/core";
import { MemorySecretsStore } from "@oss-ai-agent-tool/testkit";
import { type GatewayConfigInput, resolveConfig } from "../../src/config/index.js";
import { createGateway, type Gateway } from "../../src/gateway/create-gateway.js";
import { createLogger } from "../../src/logging/create-logger.js";

/** A gateway built in-process (no HTTP), with its log captured. */
export interface BuiltGateway {
  gateway: Gateway;
  /** Every log line so far, one JSON object per line. */
  logText(): string;
}

/**
 * Builds the gateway from `raw` config with no installed plugins scanned
 * (`installRoots: []`), so the test sees exactly the plugins its config
 * names, and no secrets file is read. Process metrics stay off so that no collector timers outlive the test.
 */
export async function buildTestGateway(
  raw: GatewayConfigInput,
  options: {
    baseDir: string;
    env?: Record<string, string>;
    secrets?: SecretsStore;
  },
): Promise<BuiltGateway> {
  const env = options.env ?? {};
  const config = resolveConfig(
    { ...raw, metrics: { processMetrics: false, ...raw.metrics } },
    { env },
  );
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const gateway = await createGateway({
    config,
    baseDir: options.baseDir,
    env,
    installRoots: [],
    logger: createLogger({ level: "debug", destination }),
    // Never the user's real secrets file: credentials come from `env` and this store only.
    secrets: options.secrets ?? new MemorySecretsStore(),
  });
  return { gateway, logText: () => lines.join("") };
}
