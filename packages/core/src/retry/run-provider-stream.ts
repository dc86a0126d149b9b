import { emptyIsExplained, emptyResponseError } from "../errors/empty-response.js";
import { normalizeProviderError } from "../errors/normalize-provider-error.js";
import { ProviderError } from "../errors/provider-error.js";
import { abortedError, timeoutError } from "../errors/standard-errors.js";
import type { RequestTimer } from "../metrics/metrics-types.js";
import type { ChatStreamEvent } from "../types/chat-stream-event.js";
import type { Usage } from "../types/usage.js";
import { callWithRetry } from "./call-with-retry.js";
import type { ProviderCallBase } from "./run-provider-call.js";

/** Options of {@link runProviderStream}. */
export interface ProviderStreamOptions extends ProviderCallBase {
  /** Longest silence allowed between two events once the stream flows. Default: none. */
  idleTimeoutMs?: number;
  /**
   * Opens one attempt: calls the SDK with `signal` and maps its chunks to
   * {@link ChatStreamEvent}s. It may throw inside the iteration (an error
   * event in a 200 stream): before the first event is passed on, such an
   * error is retried like any other.
   */
  open: (
    signal: AbortSignal,
    attempt: number,
  ) => AsyncIterable<ChatStreamEvent> | Promise<AsyncIterable<ChatStreamEvent>>;
}

interface OpenedAttempt {
  iterator: AsyncIterator<ChatStreamEvent>;
  first: IteratorResult<ChatStreamEvent>;
  controller: AbortController;
  release: () => void;
}

const CONTENT_EVENTS = new Set<ChatStreamEvent["type"]>([
  "text-delta",
  "reasoning-delta",
  "tool-call-start",
]);

/** The error for a stream that ended without its final event. */
function truncatedError(provider: string): ProviderError {
  return new ProviderError(`${provider}: stream ended before its final event`, {
    status: 502,
    code: "truncated_stream",
    provider,
    retryable: true,
  });
}

/**
 * Races `next()` against a timer that aborts the attempt. The timer is
 * cleared whichever way the race ends.
 */
async function nextWithin(
  iterator: AsyncIterator<ChatStreamEvent>,
  controller: AbortController,
  ms: number | undefined,
  onTimeout: () => ProviderError,
): Promise<IteratorResult<ChatStreamEvent>> {
  if (ms === undefined) return iterator.next();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = onTimeout();
      controller.abort(error);
      reject(error);
    }, ms);
  });
  try {
    return await Promise.race([iterator.next(), expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** The reason an attempt's signal carries, if we aborted it ourselves. */
function ownAbortReason(controller: AbortController): ProviderError | undefined {
  const reason: unknown = controller.signal.reason;
  return reason instanceof ProviderError ? reason : undefined;
}

/**
 * One streamed provider call with the shared lifecycle: retries (covering the
 * connection and everything up to the first event), a first-event timeout, an
 * idle timeout, the caller's abort and deadline, usage and time-to-first-token
 * metrics, and a timer that ends exactly once, also when the consumer stops
 * early, in which case the upstream request is aborted. A stream that ends
 * without a `finish` event is an error, never a silent success.
 */
export async function* runProviderStream(
  options: ProviderStreamOptions,
): AsyncGenerator<ChatStreamEvent, void, undefined> {
  const { provider, model, ctx, metrics } = options;
  const parent = ctx?.signal;
  const timer: RequestTimer | undefined = metrics?.startRequest({
    provider,
    model,
    operation: options.operation ?? "stream",
    ...(ctx?.tenantId !== undefined ? { tenantId: ctx.tenantId } : {}),
  });

  const openAttempt = async (attempt: number): Promise<OpenedAttempt> => {
    const controller = new AbortController();
    const onParentAbort = () => controller.abort(abortedError(provider, parent?.reason));
    if (parent?.aborted) onParentAbort();
    else parent?.addEventListener("abort", onParentAbort, { once: true });
    const release = () => parent?.removeEventListener("abort", onParentAbort);

    let budget = options.timeoutMs;
    if (ctx?.deadline !== undefined) {
      const left = Math.max(0, ctx.deadline - Date.now());
      budget = budget === undefined ? left : Math.min(budget, left);
    }
    let iterator: AsyncIterator<ChatStreamEvent> | undefined;
    try {
      const first = await nextWithin(
        {
          next: async () => {
            const iterable = await options.open(controller.signal, attempt);
            iterator = iterable[Symbol.asyncIterator]();
            return iterator.next();
          },
        },
        controller,
        budget,
        () => timeoutError(provider, "stream (waiting for the first event)", budget ?? 0),
      );
      return { iterator: iterator as AsyncIterator<ChatStreamEvent>, first, controller, release };
    } catch (err) {
      release();
      const own = ownAbortReason(controller);
      if (!controller.signal.aborted) controller.abort();
      void iterator?.return?.()?.catch(() => {});
      throw own ?? err;
    }
  };

  let opened: OpenedAttempt;
  try {
    opened = await callWithRetry(openAttempt, {
      ...options.retry,
      provider,
      model,
      ...(parent ? { signal: parent } : {}),
      ...(ctx?.deadline !== undefined ? { deadline: ctx.deadline } : {}),
      ...(metrics ? { metrics } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    });
  } catch (err) {
    const error = normalizeProviderError(provider, err);
    timer?.error(error);
    throw error;
  }

  const { iterator, controller, release } = opened;
  let result = opened.first;
  let usage: Usage | undefined;
  let produced = false;
  let finished = false;
  let settled = false;
  try {
    while (!result.done) {
      const event = result.value;
      if (CONTENT_EVENTS.has(event.type)) {
        if (!produced) timer?.firstToken();
        produced = true;
      } else if (event.type === "usage") {
        usage = event.usage;
      } else if (event.type === "finish") {
        if (!produced && !emptyIsExplained(event.finishReason)) throw emptyResponseError(provider);
        finished = true;
      }
      yield event;
      if (finished) break;
      result = await nextWithin(iterator, controller, options.idleTimeoutMs, () =>
        timeoutError(provider, "stream (idle)", options.idleTimeoutMs ?? 0),
      );
    }
    if (!finished) throw truncatedError(provider);
    settled = true;
    timer?.success(usage);
  } catch (err) {
    settled = true;
    const error = ownAbortReason(controller) ?? normalizeProviderError(provider, err);
    timer?.error(error);
    throw error;
  } finally {
    if (!settled) {
      // The consumer stopped early: stop paying for tokens nobody reads.
      timer?.cancel();
      controller.abort(abortedError(provider, "consumer closed the stream"));
    }
    release();
    void Promise.resolve(iterator.return?.()).catch(() => {});
  }
}
