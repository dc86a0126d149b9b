import type { Usage } from "../types/usage.js";
import type {
  ProviderMetrics,
  RecordableError,
  RequestLabels,
  RequestTimer,
} from "./metrics-types.js";
import type { RequestSeries } from "./request-series.js";
import { lookupRequestSeries } from "./series-lookup.js";

/** Milliseconds to seconds, the unit Prometheus histograms expect. */
const MS_PER_SECOND = 1000;

/**
 * Tracks one provider call. Construction counts the request and raises the
 * active gauge; exactly one of {@link success}, {@link error} or
 * {@link cancel} then records the outcome and lowers the gauge, and every
 * later end call is ignored. The series is fixed at construction, so the
 * decrement always hits the label set the increment hit.
 *
 * Usually obtained from {@link ProviderMetrics.startRequest}; constructing it
 * directly is equivalent.
 */
export class ProviderRequestTimer implements RequestTimer {
  readonly #series: RequestSeries;
  // performance.now() is monotonic, so wall-clock jumps cannot yield negative durations.
  readonly #startedAt: number;
  #ended = false;
  #firstTokenSeen = false;

  /**
   * Starts timing a call now.
   *
   * @param metrics - Metrics made by `createProviderMetrics`.
   * @param labels - The call's labels; they are bounded before use.
   * @throws TypeError when `metrics` came from elsewhere.
   */
  constructor(metrics: ProviderMetrics, labels: RequestLabels) {
    this.#series = lookupRequestSeries(metrics, labels);
    this.#series.start();
    this.#startedAt = performance.now();
  }

  /** Whether the call has ended; once true, every recording method is a no-op. */
  get ended(): boolean {
    return this.#ended;
  }

  /**
   * Records time to first token. Only the first call counts, and not after
   * the call ended: a token arriving after a cancel says nothing about latency.
   */
  firstToken(): void {
    if (this.#firstTokenSeen || this.#ended) return;
    this.#firstTokenSeen = true;
    this.#series.timeToFirstToken.observe(this.#elapsedSeconds());
  }

  /** Ends the call as a success and counts the positive token counts in `usage`. */
  success(usage?: Partial<Usage>): void {
    if (!this.#end()) return;
    this.#series.durationSuccess.observe(this.#elapsedSeconds());
    if (usage !== undefined) this.#series.recordUsage(usage);
  }

  /**
   * Ends the call as an error: observes the duration, counts the error by code
   * (or retryability) and status, and counts a rate-limit hit on HTTP 429.
   */
  error(err: RecordableError): void {
    if (!this.#end()) return;
    this.#series.durationError.observe(this.#elapsedSeconds());
    // Callers pass whatever a catch clause gave them; a thrown string must not throw again here.
    this.#series.recordError(typeof err === "object" && err !== null ? err : {});
  }

  /** Ends the call as cancelled: the consumer stopped early. */
  cancel(): void {
    if (!this.#end()) return;
    this.#series.durationCancelled.observe(this.#elapsedSeconds());
  }

  /** Marks the call ended and lowers the gauge; false if it had already ended. */
  #end(): boolean {
    if (this.#ended) return false;
    this.#ended = true;
    this.#series.finish();
    return true;
  }

  #elapsedSeconds(): number {
    return (performance.now() - this.#startedAt) / MS_PER_SECOND;
  }
}
