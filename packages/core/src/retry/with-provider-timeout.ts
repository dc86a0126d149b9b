import type { ProviderError } from "../errors/provider-error.js";
import { abortedError, deadlineExceededError, timeoutError } from "../errors/standard-errors.js";

/** Options of {@link withProviderTimeout}. */
export interface TimeoutOptions {
  provider: string;
  /** Per-attempt budget. Without it only `deadline` bounds the call. */
  timeoutMs?: number;
  /** Epoch ms; the call never runs past it. */
  deadline?: number;
  /** The caller's signal; its abort aborts the call. */
  signal?: AbortSignal;
  /** Named in the timeout message, e.g. `chat`. */
  action?: string;
}

/** What {@link withProviderTimeout} hands to the wrapped function. */
export interface TimeoutScope {
  /** Pass this to the SDK call: it aborts on timeout and on the caller's abort. */
  signal: AbortSignal;
}

/**
 * Runs `fn` with an `AbortSignal` that fires when `timeoutMs` (or the
 * deadline, whichever is sooner) runs out, or when the caller aborts. A
 * timeout becomes a retryable 504 {@link ProviderError}; a caller abort a
 * non-retryable 499. The timer and the listener are cleared on every path,
 * and the result does not wait for an `fn` that ignores its signal.
 */
export async function withProviderTimeout<T>(
  fn: (scope: TimeoutScope) => Promise<T>,
  options: TimeoutOptions,
): Promise<T> {
  const { provider, signal: parent } = options;
  if (parent?.aborted) throw abortedError(provider, parent.reason);

  let budget = options.timeoutMs;
  let byDeadline = false;
  if (options.deadline !== undefined) {
    const left = options.deadline - Date.now();
    if (left <= 0) throw deadlineExceededError(provider);
    if (budget === undefined || left < budget) {
      budget = left;
      byDeadline = true;
    }
  }

  const controller = new AbortController();
  let failure: ProviderError | undefined;
  let rejectEarly: ((reason: unknown) => void) | undefined;
  const early = new Promise<never>((_, reject) => {
    rejectEarly = reject;
  });
  // The race below may never observe `early`; this keeps it from surfacing as unhandled.
  early.catch(() => {});

  const fail = (error: ProviderError) => {
    if (failure) return;
    failure = error;
    controller.abort(error);
    rejectEarly?.(error);
  };
  const onParentAbort = () => fail(abortedError(provider, parent?.reason));
  parent?.addEventListener("abort", onParentAbort, { once: true });
  const timer =
    budget === undefined
      ? undefined
      : setTimeout(
          () =>
            fail(
              byDeadline
                ? deadlineExceededError(provider)
                : timeoutError(provider, options.action ?? "request", budget as number),
            ),
          budget,
        );

  try {
    return await Promise.race([fn({ signal: controller.signal }), early]);
  } catch (err) {
    throw failure ?? err;
  } finally {
    if (timer) clearTimeout(timer);
    parent?.removeEventListener("abort", onParentAbort);
  }
}
