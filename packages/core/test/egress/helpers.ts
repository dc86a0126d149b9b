import type { Logger } from "../../src/logger.js";
import type { ProviderMetrics } from "../../src/metrics/metrics-types.js";

/** One `recordEgressBlocked` call. */
export interface BlockedCall {
  provider: string;
  reason: string;
  mode: "enforce" | "report-only";
}

/** A ProviderMetrics stand-in that records egress refusals and nothing else. */
export function recordingMetrics(): { metrics: ProviderMetrics; blocked: BlockedCall[] } {
  const blocked: BlockedCall[] = [];
  const unused = (): never => {
    throw new Error("not used by egress");
  };
  const metrics: ProviderMetrics = {
    get registry(): never {
      return unused();
    },
    startRequest: unused,
    recordClientRotation: unused,
    recordRetry: unused,
    recordRateLimit: unused,
    recordEgressBlocked: (provider, reason, mode) => {
      blocked.push({ provider, reason, mode });
    },
    setCircuitBreakerState: unused,
  };
  return { metrics, blocked };
}

/** One log call. */
export interface LogCall {
  level: "debug" | "info" | "warn" | "error";
  fields: Record<string, unknown>;
  message: string | undefined;
}

/** A Logger that records every call. */
export function recordingLogger(): { logger: Logger; calls: LogCall[] } {
  const calls: LogCall[] = [];
  const at =
    (level: LogCall["level"]) =>
    (fields: Record<string, unknown>, message?: string): void => {
      calls.push({ level, fields, message });
    };
  return {
    logger: { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") },
    calls,
  };
}
