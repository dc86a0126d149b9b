import type { ProbeResult } from "@oss-ai-agent-tool/core";
import type { PluginStatus } from "../plugins/index.js";
import type { CircuitState, OutcomeSnapshot } from "../resilience/index.js";

/**
 * What `/health/providers` reports for one plugin. `unknown` is an enabled
 * provider that has neither served traffic recently nor been probed: the
 * gateway does not claim `healthy` without evidence (call with `?test=true`
 * to probe).
 */
export type ProviderHealthStatus =
  | "healthy"
  | "degraded"
  | "unhealthy"
  | "unknown"
  | "unconfigured"
  | "disabled"
  | "broken";

/** The evidence {@link providerHealthStatus} weighs. */
export interface HealthEvidence {
  pluginStatus: PluginStatus;
  circuit: CircuitState;
  window: OutcomeSnapshot;
  /** The latest probe, if one is fresh enough to trust. */
  probe?: ProbeResult;
  /** Error rate at which a provider counts as degraded. */
  degradedErrorRate: number;
}

// Below this many calls an error rate says little; one failure out of two is not "degraded".
const MIN_CALLS_FOR_RATE = 5;

/**
 * The reported status: plugin state first, then a failed probe or an open
 * circuit (`unhealthy`), then a half-open circuit or a high recent error rate
 * (`degraded`), then success seen by a probe or by traffic (`healthy`).
 */
export function providerHealthStatus(e: HealthEvidence): ProviderHealthStatus {
  if (e.pluginStatus !== "enabled") return e.pluginStatus;
  if (e.probe && !e.probe.ok) return "unhealthy";
  if (e.circuit === "open") return "unhealthy";
  if (e.circuit === "half_open") return "degraded";
  const { requests, errors, errorRate } = e.window;
  if (requests >= MIN_CALLS_FOR_RATE && errorRate >= e.degradedErrorRate) {
    return errors === requests ? "unhealthy" : "degraded";
  }
  if (e.probe?.ok) return "healthy";
  if (requests > errors) return "healthy";
  if (requests > 0) return "degraded";
  return "unknown";
}
