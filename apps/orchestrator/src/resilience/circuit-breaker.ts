import type { CircuitBreakerState } from "@oss-ai-agent-tool/core";

/** The three states of a {@link CircuitBreaker}. */
export type CircuitState = "closed" | "open" | "half_open";

/** Options for {@link CircuitBreaker}. */
export interface CircuitBreakerOptions {
  /** Consecutive counted failures that open the circuit. Default 5. */
  failureThreshold?: number;
  /** How long the circuit stays open before it lets a trial call through. Default 30 000 ms. */
  cooldownMs?: number;
  /** How many trial calls may be in flight while half-open. Default 1. */
  halfOpenMaxInFlight?: number;
  /** Milliseconds from a monotonic clock. Default `performance.now`. */
  now?: () => number;
  /** Called once per transition, after the state has changed. */
  onStateChange?: (state: CircuitState) => void;
}

const DEFAULT_FAILURE_THRESHOLD = 5;
const DEFAULT_COOLDOWN_MS = 30_000;
const DEFAULT_HALF_OPEN_MAX_IN_FLIGHT = 1;

// The cooldown must not jump when the wall clock is adjusted, hence performance.now.
const monotonicNow = (): number => performance.now();

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`CircuitBreaker: ${name} must be an integer >= 1, got ${value}`);
  }
  return value;
}

/**
 * A per-provider circuit breaker. After `failureThreshold` consecutive failures
 * it opens and rejects calls for `cooldownMs`; then it lets up to
 * `halfOpenMaxInFlight` trial calls through, closing on the first success and
 * reopening (with a fresh cooldown) on the first failure.
 *
 * Protocol: a caller that got `true` from {@link tryAcquire} must later call
 * exactly one of {@link recordSuccess}, {@link recordFailure} or
 * {@link recordNeutral}. Every method is O(1) and nothing runs in the
 * background: the open → half-open move happens lazily when the state is read.
 *
 * The breaker cannot tell a trial call from a slow call admitted before it
 * opened. A late result that arrives while half-open is judged like a trial
 * (it is still fresh evidence about the upstream); one that arrives while open
 * is ignored, since the decision to open was already made.
 */
export class CircuitBreaker {
  readonly #failureThreshold: number;
  readonly #cooldownMs: number;
  readonly #halfOpenMaxInFlight: number;
  readonly #now: () => number;
  readonly #onStateChange: ((state: CircuitState) => void) | undefined;

  #state: CircuitState = "closed";
  #consecutiveFailures = 0;
  /** When an open circuit may move to half-open. Meaningful only while open. */
  #halfOpenAt = 0;
  /** Trial calls admitted while half-open and not yet recorded. */
  #trialsInFlight = 0;

  constructor(options: CircuitBreakerOptions = {}) {
    this.#failureThreshold = positiveInteger(
      "failureThreshold",
      options.failureThreshold ?? DEFAULT_FAILURE_THRESHOLD,
    );
    this.#halfOpenMaxInFlight = positiveInteger(
      "halfOpenMaxInFlight",
      options.halfOpenMaxInFlight ?? DEFAULT_HALF_OPEN_MAX_IN_FLIGHT,
    );
    const cooldownMs = options.cooldownMs ?? DEFAULT_COOLDOWN_MS;
    if (!Number.isFinite(cooldownMs) || cooldownMs < 0) {
      throw new RangeError(
        `CircuitBreaker: cooldownMs must be a finite number >= 0, got ${cooldownMs}`,
      );
    }
    this.#cooldownMs = cooldownMs;
    this.#now = options.now ?? monotonicNow;
    this.#onStateChange = options.onStateChange;
  }

  /** The current state; an open circuit whose cooldown has passed reads as `half_open`. */
  get state(): CircuitState {
    if (this.#state === "open" && this.#now() >= this.#halfOpenAt) {
      this.#trialsInFlight = 0;
      this.#transition("half_open");
    }
    return this.#state;
  }

  /**
   * Asks to make a call. `false` while open, and while half-open with every
   * trial slot taken; `true` otherwise, in which case exactly one `record*`
   * call must follow.
   */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === "closed") return true;
    if (state === "open" || this.#trialsInFlight >= this.#halfOpenMaxInFlight) return false;
    this.#trialsInFlight++;
    return true;
  }

  /** The call succeeded: resets the failure count and closes a half-open circuit. */
  recordSuccess(): void {
    if (this.#state === "open") return;
    this.#consecutiveFailures = 0;
    if (this.#state === "half_open") {
      this.#trialsInFlight = 0;
      this.#transition("closed");
    }
  }

  /**
   * The call failed in a way that says the upstream is unhealthy. Opens the
   * circuit at the threshold; a half-open failure reopens it at once.
   */
  recordFailure(): void {
    if (this.#state === "open") return;
    if (this.#state === "half_open") {
      this.#open();
      return;
    }
    this.#consecutiveFailures++;
    if (this.#consecutiveFailures >= this.#failureThreshold) this.#open();
  }

  /**
   * The call ended without saying anything about the upstream (the client
   * aborted, the request was invalid). Frees a half-open trial slot; the
   * failure count is left as it was.
   */
  recordNeutral(): void {
    if (this.#state === "half_open" && this.#trialsInFlight > 0) this.#trialsInFlight--;
  }

  /**
   * Milliseconds until an open circuit turns half-open, for a 503 `Retry-After`.
   * 0 when not open: while half-open the wait depends on the trial's outcome,
   * which no clock can tell, so callers pick their own short hint.
   */
  retryAfterMs(): number {
    if (this.#state !== "open") return 0;
    return Math.max(0, this.#halfOpenAt - this.#now());
  }

  #open(): void {
    this.#consecutiveFailures = 0;
    this.#trialsInFlight = 0;
    this.#halfOpenAt = this.#now() + this.#cooldownMs;
    this.#transition("open");
  }

  #transition(next: CircuitState): void {
    this.#state = next;
    this.#onStateChange?.(next);
  }
}

/** Maps a {@link CircuitState} to the number core's metrics expect (0 closed, 1 open, 2 half-open). */
export function toCircuitBreakerState(state: CircuitState): CircuitBreakerState {
  switch (state) {
    case "closed":
      return 0;
    case "open":
      return 1;
    case "half_open":
      return 2;
  }
}
