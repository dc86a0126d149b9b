import { afterEach } from "vitest";

/**
 * Wraps a start function (e.g. a provider's `startHarness` wrapper) so what
 * it starts is closed after each test of the enclosing `describe` (or file).
 * Call it where `afterEach` may be called:
 *
 * ```ts
 * const start = closeAfterEach(() => startMistral());
 * it("...", async () => {
 *   const h = await start();
 * });
 * ```
 *
 * Only the most recently started one is tracked, as with a single
 * `let harness` closed in `afterEach`.
 */
export function closeAfterEach<A extends unknown[], T extends { close(): Promise<void> }>(
  start: (...args: A) => Promise<T>,
): (...args: A) => Promise<T> {
  let current: T | undefined;
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return async (...args) => {
    current = await start(...args);
    return current;
  };
}
