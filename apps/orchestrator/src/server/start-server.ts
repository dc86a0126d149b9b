import type { AddressInfo } from "node:net";
import type { GatewayConfig } from "../config/index.js";
import { createGateway, type Gateway, type GatewayOptions } from "../gateway/create-gateway.js";
import { buildServer, type GatewayServer } from "../http/build-server.js";
import { isLoopbackHost } from "./is-loopback-host.js";

/** A running gateway. */
export interface RunningServer {
  gateway: Gateway;
  server: GatewayServer;
  /** `http://host:port`, with the port actually bound (useful with port 0). */
  url: string;
  host: string;
  port: number;
  /**
   * Drains and stops: readiness turns 503, new requests are refused, and
   * in-flight requests and streams get up to `server.drainTimeoutMs` to
   * finish; streams still open then are ended with an error event. Resolves
   * once every socket and provider is closed. Idempotent.
   */
  stop(): Promise<void>;
}

/**
 * The address to bind. Without API keys the gateway is open to anyone who
 * can reach it, so it binds to loopback only, whatever the config says.
 */
export function bindHost(
  config: GatewayConfig,
  authEnabled: boolean,
): { host: string; overridden: boolean } {
  if (authEnabled || isLoopbackHost(config.server.host))
    return { host: config.server.host, overridden: false };
  return { host: "127.0.0.1", overridden: true };
}

/** Builds the gateway, listens, and returns a handle to stop it. */
export async function startServer(options: GatewayOptions): Promise<RunningServer> {
  const gateway = await createGateway(options);
  const { config, logger } = gateway;
  const server = buildServer(gateway);
  const { host, overridden } = bindHost(config, gateway.auth.enabled);
  if (overridden) {
    logger.warn(
      { configuredHost: config.server.host, boundHost: host },
      `NO API KEYS ARE CONFIGURED (auth.apiKeys): refusing to listen on ${config.server.host}; listening on ${host} only. Configure auth.apiKeys to serve other machines.`,
    );
  } else if (!gateway.auth.enabled) {
    logger.warn(
      "no API keys are configured (auth.apiKeys): anyone on this machine can use the gateway",
    );
  }
  try {
    await server.app.listen({ host, port: config.server.port });
  } catch (err) {
    await gateway.close();
    throw err;
  }
  const address = server.app.server.address() as AddressInfo;
  const urlHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${urlHost}:${address.port}`;
  logger.info({ url, providers: gateway.host.enabledIds() }, `oaat gateway listening on ${url}`);

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      server.startDraining();
      const drainMs = config.server.drainTimeoutMs;
      logger.info({ inFlightStreams: server.streams.size, drainMs }, "draining");
      const closing = server.app.close();
      // close() waits for every connection, and a request or stream that
      // finishes during the drain leaves its keep-alive connection idle:
      // without closing those as they appear, every drain with a request in
      // flight would last the whole deadline (or the keep-alive timeout).
      const sweeper = setInterval(() => server.app.server.closeIdleConnections(), 25);
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        closing.then(() => false),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(true), drainMs);
        }),
      ]);
      clearTimeout(timer);
      clearInterval(sweeper);
      if (timedOut) {
        logger.warn({ streams: server.streams.size }, "drain deadline passed; ending open streams");
        server.streams.endAll("the gateway is shutting down");
        // Anything else still open after the streams were ended is cut.
        setImmediate(() => server.app.server.closeAllConnections());
        await closing;
      }
      await gateway.close();
      logger.info("stopped");
    })();
    return stopping;
  };
  return { gateway, server, url, host: address.address, port: address.port, stop };
}
