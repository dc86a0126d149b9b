import { describe, expect, it } from "vitest";
import { MemoryRateLimitStore, type RateLimitStore } from "../../src/auth/rate-limiter.js";

function setup(maxKeys?: number) {
  let time = 0;
  const store = new MemoryRateLimitStore({ now: () => time, ...(maxKeys ? { maxKeys } : {}) });
  return {
    store,
    advance(ms: number) {
      time += ms;
    },
  };
}

describe("MemoryRateLimitStore", () => {
  it("allows a burst up to the limit, then refuses with the wait for one token", () => {
    const { store } = setup();
    for (let i = 0; i < 60; i++) {
      const decision = store.consume("tenant-a", 60);
      expect(decision).toMatchObject({
        allowed: true,
        limit: 60,
        remaining: 59 - i,
        retryAfterMs: 0,
      });
    }
    expect(store.consume("tenant-a", 60)).toEqual({
      allowed: false,
      limit: 60,
      remaining: 0,
      resetMs: 60_000,
      retryAfterMs: 1_000, // 60 per minute: one token a second
    });
  });

  it("reports the time until the bucket is full again", () => {
    const { store } = setup();
    expect(store.consume("k", 60).resetMs).toBe(1_000);
    expect(store.consume("k", 60).resetMs).toBe(2_000);
  });

  it("refills continuously", () => {
    const { store, advance } = setup();
    for (let i = 0; i < 6; i++) store.consume("k", 6); // 6 per minute: one token per 10 s
    expect(store.consume("k", 6)).toMatchObject({ allowed: false, retryAfterMs: 10_000 });
    advance(4_000);
    expect(store.consume("k", 6)).toMatchObject({ allowed: false, retryAfterMs: 6_000 });
    advance(6_000);
    expect(store.consume("k", 6)).toMatchObject({ allowed: true, remaining: 0 });
    expect(store.consume("k", 6).allowed).toBe(false);
    advance(25_000);
    expect(store.consume("k", 6)).toMatchObject({ allowed: true, remaining: 1 });
    expect(store.consume("k", 6)).toMatchObject({ allowed: true, remaining: 0 });
    expect(store.consume("k", 6)).toMatchObject({ allowed: false, retryAfterMs: 5_000 });
  });

  it("never refills beyond the limit after a long idle", () => {
    const { store, advance } = setup();
    store.consume("k", 3);
    advance(3_600_000);
    expect(store.consume("k", 3)).toMatchObject({ allowed: true, remaining: 2 });
  });

  it("keeps keys independent", () => {
    const { store } = setup();
    store.consume("a", 1);
    expect(store.consume("a", 1).allowed).toBe(false);
    expect(store.consume("b", 1)).toMatchObject({ allowed: true, remaining: 0 });
  });

  it("applies a lowered limit at once", () => {
    const { store } = setup();
    store.consume("k", 100);
    expect(store.consume("k", 2)).toMatchObject({ allowed: true, limit: 2, remaining: 1 });
    expect(store.consume("k", 2)).toMatchObject({ allowed: true, remaining: 0 });
    expect(store.consume("k", 2).allowed).toBe(false);
  });

  it("does not refill when the clock steps backwards, nor twice when it comes back", () => {
    let time = 100_000;
    const store = new MemoryRateLimitStore({ now: () => time });
    store.consume("k", 1);
    time = 40_000;
    expect(store.consume("k", 1).allowed).toBe(false);
    time = 100_000;
    expect(store.consume("k", 1).allowed).toBe(false);
    time = 160_000;
    expect(store.consume("k", 1).allowed).toBe(true);
  });

  it("holds at most maxKeys buckets, dropping the least recently used", () => {
    const { store } = setup(3);
    store.consume("a", 1);
    store.consume("b", 1);
    store.consume("c", 1);
    expect(store.consume("a", 1).allowed).toBe(false); // touches "a": now "b" is the stalest
    store.consume("d", 1);
    expect(store.size).toBe(3);
    expect(store.consume("a", 1).allowed).toBe(false); // kept
    expect(store.consume("c", 1).allowed).toBe(false); // kept
    expect(store.consume("b", 1).allowed).toBe(true); // was evicted, starts full again
    for (let i = 0; i < 1_000; i++) store.consume(`key-${i}`, 5);
    expect(store.size).toBe(3);
  });

  it("defaults to 10 000 keys", () => {
    const { store } = setup();
    for (let i = 0; i < 10_050; i++) store.consume(`key-${i}`, 5);
    expect(store.size).toBe(10_000);
  });

  it("rejects a limit below 1 and a bad maxKeys", () => {
    const { store } = setup();
    expect(() => store.consume("k", 0)).toThrow(RangeError);
    expect(() => store.consume("k", Number.NaN)).toThrow(RangeError);
    expect(() => new MemoryRateLimitStore({ maxKeys: 0 })).toThrow(/maxKeys/);
  });

  it("runs on the real clock by default, behind the store interface", async () => {
    const store: RateLimitStore = new MemoryRateLimitStore();
    expect(await store.consume("k", 1)).toMatchObject({ allowed: true, remaining: 0 });
    expect(await store.consume("k", 1)).toMatchObject({ allowed: false });
  });
});
