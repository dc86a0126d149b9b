import { describe, expect, it } from "vitest";
import {
  CircuitBreaker,
  type CircuitBreakerOptions,
  type CircuitState,
  toCircuitBreakerState,
} from "../../src/resilience/circuit-breaker.js";

function setup(options: Omit<CircuitBreakerOptions, "now" | "onStateChange"> = {}) {
  let time = 1_000;
  const changes: CircuitState[] = [];
  const breaker = new CircuitBreaker({
    failureThreshold: 3,
    cooldownMs: 10_000,
    ...options,
    now: () => time,
    onStateChange: (state) => changes.push(state),
  });
  return {
    breaker,
    changes,
    advance(ms: number) {
      time += ms;
    },
  };
}

function failTimes(breaker: CircuitBreaker, times: number): void {
  for (let i = 0; i < times; i++) {
    expect(breaker.tryAcquire()).toBe(true);
    breaker.recordFailure();
  }
}

describe("CircuitBreaker", () => {
  it("starts closed and admits every call", () => {
    const { breaker, changes } = setup();
    expect(breaker.state).toBe("closed");
    for (let i = 0; i < 100; i++) expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.retryAfterMs()).toBe(0);
    expect(changes).toEqual([]);
  });

  it("opens after failureThreshold consecutive failures", () => {
    const { breaker, changes } = setup();
    failTimes(breaker, 2);
    expect(breaker.state).toBe("closed");
    failTimes(breaker, 1);
    expect(breaker.state).toBe("open");
    expect(breaker.tryAcquire()).toBe(false);
    expect(changes).toEqual(["open"]);
  });

  it("counts only consecutive failures: a success resets the count", () => {
    const { breaker } = setup();
    failTimes(breaker, 2);
    breaker.tryAcquire();
    breaker.recordSuccess();
    failTimes(breaker, 2);
    expect(breaker.state).toBe("closed");
    failTimes(breaker, 1);
    expect(breaker.state).toBe("open");
  });

  it("neutral outcomes neither count nor reset while closed", () => {
    const { breaker } = setup();
    failTimes(breaker, 2);
    breaker.tryAcquire();
    breaker.recordNeutral();
    expect(breaker.state).toBe("closed");
    failTimes(breaker, 1);
    expect(breaker.state).toBe("open");
  });

  it("reports the time left until half-open, and turns half-open once the cooldown has passed", () => {
    const { breaker, advance, changes } = setup();
    failTimes(breaker, 3);
    expect(breaker.retryAfterMs()).toBe(10_000);
    advance(9_999);
    expect(breaker.retryAfterMs()).toBe(1);
    expect(breaker.state).toBe("open");
    expect(breaker.tryAcquire()).toBe(false);
    advance(1);
    expect(breaker.retryAfterMs()).toBe(0);
    expect(breaker.state).toBe("half_open");
    expect(breaker.retryAfterMs()).toBe(0);
    expect(changes).toEqual(["open", "half_open"]);
  });

  it("lets exactly one trial through while half-open", () => {
    const { breaker, advance } = setup();
    failTimes(breaker, 3);
    advance(10_000);
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
    expect(breaker.tryAcquire()).toBe(false);
    expect(breaker.state).toBe("half_open");
  });

  it("honours halfOpenMaxInFlight", () => {
    const { breaker, advance } = setup({ halfOpenMaxInFlight: 2 });
    failTimes(breaker, 3);
    advance(10_000);
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
  });

  it("closes on a half-open success and starts counting afresh", () => {
    const { breaker, advance, changes } = setup();
    failTimes(breaker, 3);
    advance(10_000);
    expect(breaker.tryAcquire()).toBe(true);
    breaker.recordSuccess();
    expect(breaker.state).toBe("closed");
    failTimes(breaker, 2);
    expect(breaker.state).toBe("closed");
    expect(changes).toEqual(["open", "half_open", "closed"]);
  });

  it("reopens at once on a half-open failure, with a fresh cooldown", () => {
    const { breaker, advance, changes } = setup();
    failTimes(breaker, 3);
    advance(25_000); // well past the first cooldown
    expect(breaker.tryAcquire()).toBe(true);
    breaker.recordFailure();
    expect(breaker.state).toBe("open");
    expect(breaker.tryAcquire()).toBe(false);
    expect(breaker.retryAfterMs()).toBe(10_000);
    advance(10_000);
    expect(breaker.state).toBe("half_open");
    expect(changes).toEqual(["open", "half_open", "open", "half_open"]);
  });

  it("a neutral outcome frees the half-open slot without judging", () => {
    const { breaker, advance, changes } = setup();
    failTimes(breaker, 3);
    advance(10_000);
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
    breaker.recordNeutral();
    expect(breaker.state).toBe("half_open");
    expect(breaker.tryAcquire()).toBe(true);
    breaker.recordSuccess();
    expect(breaker.state).toBe("closed");
    expect(changes).toEqual(["open", "half_open", "closed"]);
  });

  it("an extra neutral outcome cannot open more trial slots than configured", () => {
    const { breaker, advance } = setup();
    failTimes(breaker, 3);
    advance(10_000);
    breaker.recordNeutral();
    breaker.recordNeutral();
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
  });

  it("ignores late results that arrive while open", () => {
    const { breaker, advance, changes } = setup();
    // Five calls in flight; three failures open it, the other two land afterwards.
    for (let i = 0; i < 5; i++) breaker.tryAcquire();
    breaker.recordFailure();
    breaker.recordFailure();
    breaker.recordFailure();
    breaker.recordSuccess();
    breaker.recordFailure();
    expect(breaker.state).toBe("open");
    expect(breaker.retryAfterMs()).toBe(10_000);
    advance(10_000);
    expect(breaker.state).toBe("half_open");
    expect(changes).toEqual(["open", "half_open"]);
  });

  it("fires onStateChange exactly once per transition, however often the state is read", () => {
    const { breaker, advance, changes } = setup();
    failTimes(breaker, 3);
    for (let i = 0; i < 5; i++) void breaker.state;
    advance(10_000);
    for (let i = 0; i < 5; i++) void breaker.state;
    breaker.tryAcquire();
    breaker.tryAcquire();
    breaker.recordSuccess();
    breaker.recordSuccess();
    for (let i = 0; i < 5; i++) void breaker.state;
    expect(changes).toEqual(["open", "half_open", "closed"]);
  });

  it("reports the new state to onStateChange after it has taken effect", () => {
    let time = 0;
    const seen: Array<[CircuitState, CircuitState]> = [];
    const breaker: CircuitBreaker = new CircuitBreaker({
      failureThreshold: 1,
      cooldownMs: 5,
      now: () => time,
      onStateChange: (state) => seen.push([state, breaker.state]),
    });
    breaker.recordFailure();
    time = 5;
    void breaker.state;
    expect(seen).toEqual([
      ["open", "open"],
      ["half_open", "half_open"],
    ]);
  });

  it("uses the documented defaults: 5 failures, 30 s cooldown, one trial", () => {
    let time = 0;
    const breaker = new CircuitBreaker({ now: () => time });
    failTimes(breaker, 4);
    expect(breaker.state).toBe("closed");
    failTimes(breaker, 1);
    expect(breaker.retryAfterMs()).toBe(30_000);
    time = 30_000;
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
  });

  it("runs on the real clock by default", () => {
    const breaker = new CircuitBreaker({ failureThreshold: 1, cooldownMs: 60_000 });
    breaker.recordFailure();
    const left = breaker.retryAfterMs();
    expect(left).toBeGreaterThan(59_000);
    expect(left).toBeLessThanOrEqual(60_000);
  });

  it("rejects nonsensical options, naming the option", () => {
    expect(() => new CircuitBreaker({ failureThreshold: 0 })).toThrow(/failureThreshold/);
    expect(() => new CircuitBreaker({ failureThreshold: 1.5 })).toThrow(/failureThreshold/);
    expect(() => new CircuitBreaker({ halfOpenMaxInFlight: 0 })).toThrow(/halfOpenMaxInFlight/);
    expect(() => new CircuitBreaker({ cooldownMs: -1 })).toThrow(/cooldownMs/);
    expect(() => new CircuitBreaker({ cooldownMs: Number.NaN })).toThrow(/cooldownMs/);
  });
});

describe("toCircuitBreakerState", () => {
  it("maps to core's metric values", () => {
    expect(toCircuitBreakerState("closed")).toBe(0);
    expect(toCircuitBreakerState("open")).toBe(1);
    expect(toCircuitBreakerState("half_open")).toBe(2);
  });
});
