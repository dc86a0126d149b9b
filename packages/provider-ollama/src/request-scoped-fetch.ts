import type { FetchFunction } from "@oss-ai-agent-tool/core";

/** Status and headers of the upstream's error reply, which the SDK's error drops. */
export interface FailedResponse {
  status: number;
  headers: Headers;
}

/** A fetch bound to one attempt, and what it saw of a failed reply. */
export interface RequestScopedFetch {
  fetch: FetchFunction;
  /** The last non-2xx reply this fetch received, if any. */
  failed(): FailedResponse | undefined;
}

/**
 * Wraps the injected (egress) fetch for one attempt: every request it sends
 * is aborted by `signal`, combined with the signal the SDK passes itself.
 * The `ollama` SDK takes no per-call signal (it aborts streams only through
 * its own controller, and non-streamed calls not at all), so this is how the
 * runner's timeout and the caller's abort reach the socket. It also keeps the
 * headers of an error reply, so that `Retry-After` survives the SDK's error,
 * which carries only the status and message.
 */
export function createRequestScopedFetch(
  base: FetchFunction,
  signal: AbortSignal,
): RequestScopedFetch {
  let failed: FailedResponse | undefined;
  const fetch: FetchFunction = async (input, init = {}) => {
    const combined = init.signal ? AbortSignal.any([init.signal, signal]) : signal;
    const response = await base(input, { ...init, signal: combined });
    if (!response.ok) failed = { status: response.status, headers: response.headers };
    return response;
  };
  return { fetch, failed: () => failed };
}
