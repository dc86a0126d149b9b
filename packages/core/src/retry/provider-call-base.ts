import type { Logger } from "../logger.js";
import type { ProviderMetrics } from "../metrics/metrics-types.js";
import type { ProbeResult } from "../types/model-provider.js";
import type { ProviderContext } from "../types/provider-context.js";
import type { ProviderCallBase } from "./run-provider-call.js";

/** Attempts per call when a provider's settings name none. */
export const DEFAULT_PROVIDER_RETRY_ATTEMPTS = 3;

/** What a provider's settings and factory context say about every call it runs. */
export interface ProviderCallDefaults {
  provider: string;
  metrics?: ProviderMetrics;
  logger?: Logger;
  /** Per-call timeout; none when undefined. */
  timeoutMs?: number | undefined;
  /** Attempts per call; {@link DEFAULT_PROVIDER_RETRY_ATTEMPTS} when undefined. */
  retryAttempts?: number | undefined;
}

/**
 * Returns a function building the runner options shared by all of a
 * provider's calls (provider id, model, metrics, logger, the request's
 * context, timeout, retry attempts), to spread into `runProviderCall` or
 * `runProviderStream` before the call's own fields. Pure.
 */
export function providerCallBase(
  defaults: ProviderCallDefaults,
): (model: string, ctx?: ProviderContext) => ProviderCallBase {
  const { provider, metrics, logger, timeoutMs, retryAttempts } = defaults;
  return (model, ctx) => ({
    provider,
    model,
    metrics,
    logger,
    ...(ctx ? { ctx } : {}),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    retry: { attempts: retryAttempts ?? DEFAULT_PROVIDER_RETRY_ATTEMPTS },
  });
}

/**
 * Times `check` for a provider's `probe`, never throwing: `{ ok: true }` when
 * it resolves, else `{ ok: false, detail }` with `detail` from `describe`
 * (by default the error's message, or `probe failed` for a non-Error).
 * `describe` must return a secret-free text; `ProviderError` messages are.
 */
export async function timeProbe(
  check: () => Promise<unknown>,
  describe: (err: unknown) => string = (err) =>
    err instanceof Error ? err.message : "probe failed",
): Promise<ProbeResult> {
  const started = performance.now();
  try {
    await check();
    return { ok: true, latencyMs: performance.now() - started };
  } catch (err) {
    return { ok: false, latencyMs: performance.now() - started, detail: describe(err) };
  }
}
