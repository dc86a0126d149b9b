/**
 * A registry of the mock's timers, so `close()` can clear every one and tests can assert none is left.
 *
 * @module
 */

/** Tracks every timer the mock upstream starts. Internal. */
export class TimerRegistry {
  readonly #pending = new Map<NodeJS.Timeout, (elapsed: boolean) => void>();

  /** Number of timers currently scheduled. */
  get pending(): number {
    return this.#pending.size;
  }

  /**
   * Waits `ms` milliseconds. Resolves `true` when the time elapsed, `false` when `signal` aborted
   * or {@link TimerRegistry.clearAll} ran first. Never rejects.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const settle = (elapsed: boolean): void => {
        clearTimeout(timer);
        this.#pending.delete(timer);
        signal?.removeEventListener("abort", onAbort);
        resolve(elapsed);
      };
      const onAbort = (): void => settle(false);
      const timer = setTimeout(() => settle(true), ms);
      this.#pending.set(timer, settle);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** Clears every pending timer; their sleeps resolve `false`. */
  clearAll(): void {
    for (const settle of [...this.#pending.values()]) settle(false);
  }
}
