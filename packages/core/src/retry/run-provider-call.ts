import type { Logger } from "../logger.js";
import type { ProviderMetrics } from "../metrics/metrics-types.js";
import type { ProviderContext } from "../types/provider-context.js";
import type { Usage } from "../types/usage.js";
import { callWithRetry, type RetryOptions } from "./call-with-retry.js";
import { withProviderTimeout } from "./with-provider-timeout.js";

/** Retry settings a provider may tune; the rest comes from the context. */
export type RetryTuning = Omit<
  RetryOptions,
  "provider" | "signal" | "deadline" | "metrics" | "model" | "logger"
>;

/** What both runners need to know about a call. */
export interface ProviderCallBase {
  provider: string;
  model: string;
  /** Metric label; default `chat` for calls, `stream` for streams. */
  operation?: string;
  ctx?: ProviderContext;
  metrics?: ProviderMetrics;
  logger?: Logger;
  /** Budget for each attempt (for a stream: until its first event). */
  timeoutMs?: number;
  retry?: RetryTuning;
}

/** Options of {@link runProviderCall}. */
export interface ProviderCallOptions<T> extends ProviderCallBase {
  /** One attempt. Pass `signal` to the SDK call. */
  call: (signal: AbortSignal, attempt: number) => Promise<T>;
  /** Reads token usage from the result, for the usage metric. */
  usage?: (result: T) => Partial<Usage> | undefined;
}

/**
 * One non-streaming provider call with everything a provider would otherwise
 * write again: a metrics timer that ends on every path, retries with backoff,
 * a per-attempt timeout, the caller's deadline and abort, and error
 * normalization.
 */
export async function runProviderCall<T>(options: ProviderCallOptions<T>): Promise<T> {
  const { provider, model, ctx, metrics, logger } = options;
  const timer = metrics?.startRequest({
    provider,
    model,
    operation: options.operation ?? "chat",
    ...(ctx?.tenantId !== undefined ? { tenantId: ctx.tenantId } : {}),
  });
  try {
    const result = await callWithRetry(
      (attempt) =>
        withProviderTimeout(({ signal }) => options.call(signal, attempt), {
          provider,
          ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
          ...(ctx?.deadline !== undefined ? { deadline: ctx.deadline } : {}),
          ...(ctx?.signal ? { signal: ctx.signal } : {}),
          action: options.operation ?? "chat",
        }),
      {
        ...options.retry,
        provider,
        model,
        ...(ctx?.signal ? { signal: ctx.signal } : {}),
        ...(ctx?.deadline !== undefined ? { deadline: ctx.deadline } : {}),
        ...(metrics ? { metrics } : {}),
        ...(logger ? { logger } : {}),
      },
    );
    timer?.success(options.usage?.(result));
    return result;
  } catch (err) {
    // callWithRetry only ever throws ProviderErrors.
    timer?.error(err as { status?: number; code?: string; retryable?: boolean });
    throw err;
  }
}
