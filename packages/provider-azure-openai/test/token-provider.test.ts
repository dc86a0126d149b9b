import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type AccessToken, createCachingTokenProvider } from "../src/token-provider.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A fake clock and a scripted token endpoint that counts its calls. */
function setup(options: { refreshBeforeMs?: number; retryAfterFailureMs?: number } = {}) {
  let time = 1_000_000;
  let issued = 0;
  const script: Array<(now: number) => Promise<AccessToken>> = [];
  const fetchToken = () => {
    issued += 1;
    const next = script.shift();
    return next
      ? next(time)
      : Promise.resolve({ token: `token-${issued}`, expiresOnMs: time + HOUR });
  };
  const provider = createCachingTokenProvider({ fetchToken, now: () => time, ...options });
  return {
    provider,
    script,
    advance: (ms: number) => {
      time += ms;
    },
    calls: () => issued,
  };
}

describe("createCachingTokenProvider", () => {
  it("fetches once and serves the cached token until the refresh window", async () => {
    const t = setup();
    expect(await t.provider.getToken()).toBe("token-1");
    t.advance(54 * MINUTE);
    expect(await t.provider.getToken()).toBe("token-1");
    expect(t.calls()).toBe(1);
  });

  it("refreshes five minutes before expiry by default", async () => {
    const t = setup();
    await t.provider.getToken();
    t.advance(55 * MINUTE);
    expect(await t.provider.getToken()).toBe("token-2");
    expect(t.calls()).toBe(2);
  });

  it("honours a custom refresh margin, capped at half the token's lifetime", async () => {
    const t = setup({ refreshBeforeMs: 10 * MINUTE });
    await t.provider.getToken();
    t.advance(49 * MINUTE);
    expect(await t.provider.getToken()).toBe("token-1");
    t.advance(MINUTE);
    expect(await t.provider.getToken()).toBe("token-2");

    const short = setup();
    short.script.push(async (now) => ({ token: "short", expiresOnMs: now + 2 * MINUTE }));
    await short.provider.getToken();
    short.advance(59_000);
    expect(await short.provider.getToken()).toBe("short");
    short.advance(1_000);
    expect(await short.provider.getToken()).toBe("token-2");
  });

  it("shares one refresh between concurrent callers", async () => {
    const t = setup();
    let release: (token: AccessToken) => void = () => {};
    t.script.push(
      () =>
        new Promise((resolve) => {
          release = resolve;
        }),
    );
    const pending = Promise.all([t.provider.getToken(), t.provider.getToken()]);
    release({ token: "shared", expiresOnMs: 1_000_000 + HOUR });
    expect(await pending).toEqual(["shared", "shared"]);
    expect(t.calls()).toBe(1);
  });

  it("keeps serving a still-valid token when a refresh fails, and backs off before retrying", async () => {
    const t = setup({ retryAfterFailureMs: 10_000 });
    await t.provider.getToken();
    t.advance(56 * MINUTE);
    t.script.push(() => Promise.reject(new Error("login down")));
    expect(await t.provider.getToken()).toBe("token-1");
    t.advance(5_000);
    expect(await t.provider.getToken()).toBe("token-1");
    expect(t.calls()).toBe(2);
    t.advance(5_000);
    expect(await t.provider.getToken()).toBe("token-3");
  });

  it("surfaces the failure once the cached token has expired", async () => {
    const t = setup();
    await t.provider.getToken();
    t.advance(HOUR);
    t.script.push(() => Promise.reject(new Error("login down")));
    await expect(t.provider.getToken()).rejects.toThrow("login down");
    // Not cached: the next call tries again.
    expect(await t.provider.getToken()).toBe("token-3");
  });

  it("surfaces the first failure when nothing is cached", async () => {
    const t = setup();
    t.script.push(() => Promise.reject(new Error("bad secret")));
    await expect(t.provider.getToken()).rejects.toThrow("bad secret");
    expect(await t.provider.getToken()).toBe("token-2");
  });

  it("rejects an empty or already expired token instead of caching it", async () => {
    const t = setup();
    t.script.push(async (now) => ({ token: "", expiresOnMs: now + HOUR }));
    await expect(t.provider.getToken()).rejects.toThrow(/empty or already expired/);
    t.script.push(async (now) => ({ token: "old", expiresOnMs: now - 1 }));
    await expect(t.provider.getToken()).rejects.toThrow(/empty or already expired/);
    expect(await t.provider.getToken()).toBe("token-3");
  });

  it("clear() forgets the token, and a fetch started before it is not cached", async () => {
    const t = setup();
    await t.provider.getToken();
    t.provider.clear();
    expect(await t.provider.getToken()).toBe("token-2");

    let release: (token: AccessToken) => void = () => {};
    t.provider.clear();
    t.script.push(
      () =>
        new Promise((resolve) => {
          release = resolve;
        }),
    );
    const before = t.provider.getToken();
    t.provider.clear();
    const after = t.provider.getToken();
    release({ token: "stale", expiresOnMs: 1_000_000 + HOUR });
    expect(await before).toBe("stale");
    expect(await after).toBe("token-4");
    expect(await t.provider.getToken()).toBe("token-4");
  });

  it("uses Date.now without a clock", async () => {
    const provider = createCachingTokenProvider({
      fetchToken: async () => ({ token: "real-clock", expiresOnMs: Date.now() + HOUR }),
    });
    expect(await provider.getToken()).toBe("real-clock");
  });
});

describe("createCachingTokenProvider (properties)", () => {
  it("never hands out an expired token, whatever the clock and the endpoint do", async () => {
    const step = fc.record({
      advanceMs: fc.integer({ min: 0, max: 2 * HOUR }),
      fails: fc.boolean(),
      lifetimeMs: fc.integer({ min: 1, max: 2 * HOUR }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 30 }), async (steps) => {
        let time = 0;
        const expiries = new Map<string, number>();
        let next = steps[0];
        let issued = 0;
        const provider = createCachingTokenProvider({
          now: () => time,
          fetchToken: async () => {
            if (next?.fails) throw new Error("login down");
            const token = `t${++issued}`;
            const expiresOnMs = time + (next?.lifetimeMs ?? HOUR);
            expiries.set(token, expiresOnMs);
            return { token, expiresOnMs };
          },
        });
        for (const s of steps) {
          next = s;
          time += s.advanceMs;
          const token = await provider.getToken().catch(() => undefined);
          if (token !== undefined) expect(expiries.get(token)).toBeGreaterThan(time);
          else expect(s.fails).toBe(true);
        }
      }),
    );
  });
});
