import type { ModelProvider, ProbeResult } from "@oss-ai-agent-tool/core";
import type { ProviderHealth } from "./provider-health-registry.js";

/**
 * Runs `provider.probe()` under `timeoutMs`, sharing one in-flight probe
 * among concurrent callers and reusing a result for `cacheMs`, so that
 * health polling cannot turn into load on the upstream. Never throws.
 */
export async function runProbe(
  provider: ModelProvider,
  health: ProviderHealth,
  options: { timeoutMs: number; cacheMs: number; now?: () => number },
): Promise<{ result: ProbeResult; at: number; cached: boolean }> {
  const now = options.now ?? Date.now;
  const previous = health.probe;
  if (previous && !previous.pending && now() - previous.at < options.cacheMs) {
    return { result: previous.result, at: previous.at, cached: true };
  }
  if (previous?.pending) {
    const result = await previous.pending;
    return { result, at: health.probe?.at ?? now(), cached: true };
  }
  if (!provider.probe) {
    const result: ProbeResult = { ok: false, latencyMs: 0, detail: "this provider has no probe()" };
    return { result, at: now(), cached: false };
  }
  const probe = provider.probe.bind(provider);
  const pending = (async (): Promise<ProbeResult> => {
    const started = performance.now();
    const signal = AbortSignal.timeout(options.timeoutMs);
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        probe({ signal, deadline: Date.now() + options.timeoutMs }),
        // A probe that ignores its signal must still not hold the health route.
        new Promise<ProbeResult>((resolve) => {
          timer = setTimeout(
            () =>
              resolve({
                ok: false,
                latencyMs: performance.now() - started,
                detail: `probe timed out after ${options.timeoutMs} ms`,
              }),
            options.timeoutMs + 50,
          );
        }),
      ]);
    } catch (err) {
      return { ok: false, latencyMs: performance.now() - started, detail: (err as Error).message };
    } finally {
      clearTimeout(timer);
    }
  })();
  health.probe = {
    result: previous?.result ?? { ok: false, latencyMs: 0 },
    at: previous?.at ?? 0,
    pending,
  };
  const result = await pending;
  const at = now();
  health.probe = { result, at };
  return { result, at, cached: false };
}
