import { normalizeProviderError } from "../errors/normalize-provider-error.js";
import type { ProviderError } from "../errors/provider-error.js";
import { abortedError } from "../errors/standard-errors.js";
import type { Logger } from "../logger.js";
import type { ProviderMetrics } from "../metrics/metrics-types.js";
import { abortableSleep } from "./abortable-sleep.js";
import { type BackoffOptions, computeBackoffDelay } from "./compute-backoff-delay.js";

/** Options of {@link callWithRetry}. */
export interface RetryOptions extends BackoffOptions {
  provider: string;
  /** Total attempts, the first included. Default 3. */
  attempts?: number;
  /**
   * The longest server-requested wait (`Retry-After`) we honour. A longer
   * request ends the loop at once with the error, so the caller can fall back
   * to another provider instead of blocking. Default 30 s.
   */
  maxRetryAfterMs?: number;
  /** Stops the loop at once, during a call or a wait. */
  signal?: AbortSignal;
  /** Epoch ms. No retry starts, and no wait runs, past it. */
  deadline?: number;
  /** Used only to label the retry metric. */
  model?: string;
  metrics?: Pick<ProviderMetrics, "recordRetry" | "recordRateLimit">;
  logger?: Logger;
  /** Injected for deterministic tests. */
  random?: () => number;
}

/** Label for the retry metric: the error code when short and known, else the status. */
function retryReason(err: ProviderError): string {
  return err.code ?? String(err.status);
}

/**
 * Runs `fn` until it succeeds, retrying only retryable errors with full-jitter
 * exponential backoff. A `retryAfterMs` from the upstream replaces the
 * computed delay. Never waits past `deadline`, stops at once on abort, and
 * counts every retry in `provider_retries_total`. Whatever `fn` throws is
 * normalized, so the caller always gets a {@link ProviderError}.
 */
export async function callWithRetry<T>(
  fn: (attempt: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const { provider, signal, deadline, metrics } = options;
  const attempts = Math.max(1, options.attempts ?? 3);
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 30_000;

  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw abortedError(provider, signal.reason);
    let error: ProviderError;
    try {
      return await fn(attempt);
    } catch (err) {
      error = normalizeProviderError(provider, err);
    }
    if (signal?.aborted) throw abortedError(provider, signal.reason);
    if (!error.retryable || attempt >= attempts) throw error;

    let delay: number;
    if (error.retryAfterMs !== undefined) {
      if (error.retryAfterMs > maxRetryAfterMs) throw error;
      delay = error.retryAfterMs;
    } else {
      delay = computeBackoffDelay(attempt - 1, options, options.random);
    }
    if (deadline !== undefined && Date.now() + delay >= deadline) throw error;

    if (error.status === 429) metrics?.recordRateLimit(provider, options.model);
    metrics?.recordRetry(provider, retryReason(error), options.model);
    options.logger?.debug(
      { provider, attempt, delayMs: delay, status: error.status, code: error.code },
      "retrying provider call",
    );
    try {
      await abortableSleep(delay, signal);
    } catch (reason) {
      throw abortedError(provider, reason);
    }
  }
}
