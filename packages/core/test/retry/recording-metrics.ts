import { Registry } from "prom-client";
import type {
  ProviderMetrics,
  RecordableError,
  RequestLabels,
  RequestTimer,
} from "../../src/metrics/metrics-types.js";

/** A ProviderMetrics that records what it was told, so tests can assert on it exactly. */
export function recordingMetrics() {
  const events: string[] = [];
  let active = 0;
  const metrics: ProviderMetrics = {
    registry: new Registry(),
    startRequest(labels: RequestLabels): RequestTimer {
      active++;
      events.push(`start:${labels.operation ?? "chat"}:${labels.model ?? ""}`);
      let ended = false;
      const end = (what: string) => {
        if (ended) return;
        ended = true;
        active--;
        events.push(what);
      };
      return {
        firstToken: () => events.push("firstToken"),
        success: (usage) => end(`success:${usage?.totalTokens ?? "-"}`),
        error: (err: RecordableError) => end(`error:${err.status}:${err.code}`),
        cancel: () => end("cancel"),
        get ended() {
          return ended;
        },
      };
    },
    recordClientRotation: (provider, reason) => events.push(`rotation:${provider}:${reason}`),
    recordRetry: (provider, reason) => events.push(`retry:${provider}:${reason}`),
    recordRateLimit: (provider) => events.push(`ratelimit:${provider}`),
    recordEgressBlocked: (provider, reason, mode) =>
      events.push(`egress:${provider}:${reason}:${mode}`),
    setCircuitBreakerState: (provider, state) => events.push(`circuit:${provider}:${state}`),
  };
  return { metrics, events, active: () => active };
}
