import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { OutcomeWindow } from "../../src/resilience/outcome-window.js";

function setup(windowMs = 60_000, buckets = 12, start = 0) {
  let time = start;
  const window = new OutcomeWindow({ windowMs, buckets, now: () => time });
  return {
    window,
    advance(ms: number) {
      time += ms;
    },
    set(ms: number) {
      time = ms;
    },
  };
}

describe("OutcomeWindow", () => {
  it("reports zeros, and an error rate of 0, when nothing was recorded", () => {
    const { window } = setup();
    expect(window.snapshot()).toEqual({ requests: 0, errors: 0, errorRate: 0 });
  });

  it("counts requests and errors and divides them", () => {
    const { window } = setup();
    window.record(true);
    window.record(false);
    window.record(true);
    window.record(false);
    expect(window.snapshot()).toEqual({ requests: 4, errors: 2, errorRate: 0.5 });
  });

  it("sums across buckets within the window", () => {
    const { window, advance } = setup();
    for (let i = 0; i < 12; i++) {
      window.record(i % 3 !== 0);
      advance(5_000);
    }
    // The bucket recorded first (t=0) has just left the window.
    expect(window.snapshot()).toEqual({ requests: 11, errors: 3, errorRate: 3 / 11 });
  });

  it("drops a bucket once it is a whole window old", () => {
    const { window, advance } = setup();
    window.record(false);
    advance(59_999);
    expect(window.snapshot().requests).toBe(1);
    advance(1);
    expect(window.snapshot()).toEqual({ requests: 0, errors: 0, errorRate: 0 });
  });

  it("moves into the next bucket after a jump of exactly one bucket", () => {
    const { window, advance } = setup();
    window.record(false);
    advance(5_000);
    window.record(true);
    expect(window.snapshot()).toEqual({ requests: 2, errors: 1, errorRate: 0.5 });
    advance(55_000); // the first bucket is now a whole window old, the second is not
    expect(window.snapshot()).toEqual({ requests: 1, errors: 0, errorRate: 0 });
  });

  it("forgets everything after an idle gap longer than the window", () => {
    const { window, advance } = setup();
    for (let i = 0; i < 12; i++) {
      window.record(false);
      advance(5_000);
    }
    advance(60_000 * 7 + 1_234);
    expect(window.snapshot()).toEqual({ requests: 0, errors: 0, errorRate: 0 });
    window.record(true);
    expect(window.snapshot()).toEqual({ requests: 1, errors: 0, errorRate: 0 });
  });

  it("does not resurrect a slot whose old bucket maps to the same position after a gap of exactly a window", () => {
    const { window, advance } = setup();
    window.record(false);
    window.record(false);
    advance(60_000); // same slot, next lap
    window.record(true);
    expect(window.snapshot()).toEqual({ requests: 1, errors: 0, errorRate: 0 });
  });

  it("keeps newer counts when the clock steps backwards", () => {
    const { window, set } = setup(60_000, 12, 100_000);
    window.record(false);
    set(10_000);
    window.record(true);
    expect(window.snapshot()).toEqual({ requests: 2, errors: 1, errorRate: 0.5 });
  });

  it("works with a clock below zero and a window that does not divide evenly", () => {
    const { window, advance } = setup(1_000, 3, -5_000);
    window.record(false);
    advance(333);
    window.record(true);
    expect(window.snapshot()).toEqual({ requests: 2, errors: 1, errorRate: 0.5 });
    advance(1_000);
    expect(window.snapshot().requests).toBe(0);
  });

  it("rejects nonsensical options, naming the option", () => {
    expect(() => new OutcomeWindow({ windowMs: 0 })).toThrow(/windowMs/);
    expect(() => new OutcomeWindow({ windowMs: Number.POSITIVE_INFINITY })).toThrow(/windowMs/);
    expect(() => new OutcomeWindow({ buckets: 0 })).toThrow(/buckets/);
    expect(() => new OutcomeWindow({ buckets: 2.5 })).toThrow(/buckets/);
  });

  it("runs on the real clock by default", () => {
    const window = new OutcomeWindow();
    window.record(false);
    expect(window.snapshot()).toEqual({ requests: 1, errors: 1, errorRate: 1 });
  });

  it("matches a naive list of every outcome, at bucket granularity", () => {
    type Op =
      | { kind: "advance"; ms: number }
      | { kind: "record"; ok: boolean }
      | { kind: "snapshot" };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({
        kind: fc.constant("advance" as const),
        // Small steps, exact bucket multiples and jumps past the whole window.
        ms: fc.oneof(
          fc.integer({ min: 0, max: 3_000 }),
          fc.integer({ min: 1, max: 15 }).map((n) => n * 1_000),
          fc.integer({ min: 0, max: 50_000 }),
        ),
      }),
      fc.record({ kind: fc.constant("record" as const), ok: fc.boolean() }),
      fc.constant({ kind: "snapshot" as const }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 4 }).map((n) => n * 1_000),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.array(op, { maxLength: 200 }),
        (buckets, bucketMs, start, ops) => {
          let time = start;
          const window = new OutcomeWindow({
            windowMs: buckets * bucketMs,
            buckets,
            now: () => time,
          });
          const model: Array<{ bucket: number; ok: boolean }> = [];
          const check = () => {
            const current = Math.floor(time / bucketMs);
            const inWindow = model.filter((entry) => entry.bucket > current - buckets);
            const requests = inWindow.length;
            const errors = inWindow.filter((entry) => !entry.ok).length;
            expect(window.snapshot()).toEqual({
              requests,
              errors,
              errorRate: requests === 0 ? 0 : errors / requests,
            });
          };
          for (const step of ops) {
            if (step.kind === "advance") time += step.ms;
            else if (step.kind === "record") {
              window.record(step.ok);
              model.push({ bucket: Math.floor(time / bucketMs), ok: step.ok });
            } else check();
          }
          check();
        },
      ),
      { numRuns: 300 },
    );
  });
});
