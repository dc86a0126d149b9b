import { describe, expect, it } from "vitest";
import { createRotatingClient } from "../../src/client/rotating-client.js";
import type { LogFn, Logger } from "../../src/logger.js";
import type { ClientRotationReason, ProviderMetrics } from "../../src/metrics/metrics-types.js";

const SECRET = "sk-rotating-client-secret-000111";

interface Creds {
  apiKey: string;
  baseUrl?: string;
}

interface FakeClient {
  id: number;
  apiKey: string;
}

function recordingMetrics() {
  const rotations: Array<{ provider: string; reason: ClientRotationReason; tenantId?: string }> =
    [];
  const unused = () => {
    throw new Error("not used by the rotating client");
  };
  const metrics = {
    registry: undefined,
    startRequest: unused,
    recordRetry: unused,
    recordRateLimit: unused,
    recordEgressBlocked: unused,
    setCircuitBreakerState: unused,
    recordClientRotation(provider: string, reason: ClientRotationReason, tenantId?: string) {
      rotations.push(
        tenantId === undefined ? { provider, reason } : { provider, reason, tenantId },
      );
    },
  } as unknown as ProviderMetrics;
  return { metrics, rotations };
}

function recordingLogger() {
  const lines: Array<{ level: string; fields: Record<string, unknown>; message?: string }> = [];
  const at =
    (level: string): LogFn =>
    (fields, message) => {
      lines.push({ level, fields, message });
    };
  const logger: Logger = {
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
  };
  return { logger, lines, text: () => JSON.stringify(lines) };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A rotating client over mutable credentials, with counters for every hook. */
function harness(overrides: { create?: (creds: Creds) => FakeClient | Promise<FakeClient> } = {}) {
  const state = {
    creds: { apiKey: SECRET } as Creds,
    resolveError: undefined as Error | undefined,
  };
  const counts = { resolve: 0, create: 0, equals: 0 };
  const disposed: number[] = [];
  let nextId = 0;
  const { metrics, rotations } = recordingMetrics();
  const log = recordingLogger();
  const client = createRotatingClient<FakeClient, Creds>({
    provider: "openai",
    async resolveCredentials() {
      counts.resolve += 1;
      if (state.resolveError) throw state.resolveError;
      return { ...state.creds };
    },
    create(creds) {
      counts.create += 1;
      if (overrides.create) return overrides.create(creds);
      nextId += 1;
      return { id: nextId, apiKey: creds.apiKey };
    },
    dispose(c) {
      disposed.push(c.id);
    },
    equals(a, b) {
      counts.equals += 1;
      return a.apiKey === b.apiKey && a.baseUrl === b.baseUrl;
    },
    metrics,
    logger: log.logger,
  });
  return { client, state, counts, disposed, rotations, log };
}

describe("createRotatingClient", () => {
  it("builds once and serves the cached client while credentials are unchanged", async () => {
    const h = harness();
    const first = await h.client.get();
    h.counts.resolve = 0;
    h.counts.equals = 0;
    for (let i = 0; i < 10; i++) expect(await h.client.get()).toBe(first);
    expect(h.counts.create).toBe(1);
    // The hot path: one resolve and one equals per get.
    expect(h.counts.resolve).toBe(10);
    expect(h.counts.equals).toBe(10);
    expect(h.rotations).toEqual([]);
  });

  it("runs a single create for many concurrent first gets", async () => {
    const gate = deferred<void>();
    let id = 0;
    const h = harness({
      create: async (creds) => {
        await gate.promise;
        id += 1;
        return { id, apiKey: creds.apiKey };
      },
    });
    const gets = Array.from({ length: 20 }, () => h.client.get());
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(h.counts.create).toBe(1);
    gate.resolve();
    const clients = await Promise.all(gets);
    expect(new Set(clients).size).toBe(1);
    expect(h.counts.create).toBe(1);
  });

  it("rebuilds when credentials change, disposes the old client after, and records the rotation", async () => {
    const h = harness();
    const first = await h.client.get();
    h.state.creds = { apiKey: `${SECRET}-rotated` };
    const second = await h.client.get();
    expect(second).not.toBe(first);
    expect(second.apiKey).toBe(`${SECRET}-rotated`);
    expect(h.counts.create).toBe(2);
    expect(h.disposed).toEqual([first.id]);
    expect(h.rotations).toEqual([{ provider: "openai", reason: "credential_change" }]);
    expect(await h.client.get()).toBe(second);
    expect(h.log.text()).not.toContain(SECRET);
  });

  it("disposes the old client only once the new one is ready", async () => {
    const gate = deferred<void>();
    let id = 0;
    let holdNext = false;
    const h = harness({
      create: async (creds) => {
        if (holdNext) await gate.promise;
        id += 1;
        return { id, apiKey: creds.apiKey };
      },
    });
    await h.client.get();
    holdNext = true;
    h.state.creds = { apiKey: "new-key-value" };
    const pending = h.client.get();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(h.disposed).toEqual([]);
    gate.resolve();
    await pending;
    expect(h.disposed).toEqual([1]);
  });

  it("swallows dispose errors and logs them at debug without secrets", async () => {
    const log = recordingLogger();
    let key = SECRET;
    const client = createRotatingClient<string, string>({
      provider: "openai",
      resolveCredentials: async () => key,
      create: (k) => `client-for-${k}`,
      dispose: async () => {
        throw Object.assign(new Error(`bad key ${SECRET}`), { code: "EDISPOSE" });
      },
      logger: log.logger,
    });
    await client.get();
    key = `${SECRET}-2`;
    await expect(client.get()).resolves.toBe(`client-for-${SECRET}-2`);
    await client.close();
    const debug = log.lines.filter((l) => l.level === "debug");
    expect(debug).toHaveLength(2);
    expect(debug[0]?.fields).toEqual({
      provider: "openai",
      error: { name: "Error", code: "EDISPOSE" },
    });
    expect(log.text()).not.toContain(SECRET);
  });

  it("swallows synchronous dispose throws", async () => {
    const log = recordingLogger();
    const client = createRotatingClient<object, string>({
      provider: "p",
      resolveCredentials: async () => "k",
      create: () => ({}),
      dispose: () => {
        throw "not even an Error";
      },
      logger: log.logger,
    });
    await client.get();
    await client.close();
    expect(log.lines).toEqual([
      {
        level: "debug",
        fields: { provider: "p", error: { type: "string" } },
        message: expect.any(String),
      },
    ]);
  });

  it("keeps serving the cached client when resolveCredentials fails, logging no secret", async () => {
    const h = harness();
    const first = await h.client.get();
    h.state.resolveError = Object.assign(new Error(`vault said no to ${SECRET}`), {
      name: "VaultError",
      status: 503,
    });
    expect(await h.client.get()).toBe(first);
    const warn = h.log.lines.find((l) => l.level === "warn");
    expect(warn?.fields).toEqual({
      provider: "openai",
      error: { name: "VaultError", status: 503 },
    });
    expect(h.log.text()).not.toContain(SECRET);
    expect(h.counts.create).toBe(1);
  });

  it("propagates a resolveCredentials failure when nothing is cached", async () => {
    const h = harness();
    h.state.resolveError = new Error("no credentials");
    await expect(h.client.get()).rejects.toThrow("no credentials");
    expect(h.counts.create).toBe(0);
    h.state.resolveError = undefined;
    await expect(h.client.get()).resolves.toMatchObject({ id: 1 });
  });

  it("forgets a failed create: all concurrent waiters get the error, the next get retries", async () => {
    const gate = deferred<void>();
    let attempts = 0;
    const h = harness({
      create: async (creds) => {
        attempts += 1;
        if (attempts === 1) {
          await gate.promise;
          throw new Error("create failed");
        }
        return { id: attempts, apiKey: creds.apiKey };
      },
    });
    const waiters = Array.from({ length: 5 }, () => h.client.get());
    await new Promise((resolve) => setTimeout(resolve, 5));
    gate.resolve();
    const results = await Promise.allSettled(waiters);
    expect(results.every((r) => r.status === "rejected")).toBe(true);
    expect(attempts).toBe(1);
    await expect(h.client.get()).resolves.toMatchObject({ id: 2 });
    expect(attempts).toBe(2);
  });

  it("clears a create that throws synchronously", async () => {
    let fail = true;
    const client = createRotatingClient<string, string>({
      provider: "p",
      resolveCredentials: async () => "k",
      create: () => {
        if (fail) throw new Error("sync failure");
        return "ok";
      },
    });
    await expect(client.get()).rejects.toThrow("sync failure");
    fail = false;
    await expect(client.get()).resolves.toBe("ok");
  });

  it("keeps the old client cached when a rebuild fails, and retries the rebuild", async () => {
    let failNext = false;
    let id = 0;
    const h = harness({
      create: (creds) => {
        if (failNext) {
          failNext = false;
          throw new Error("bad new key");
        }
        id += 1;
        return { id, apiKey: creds.apiKey };
      },
    });
    await h.client.get();
    failNext = true;
    h.state.creds = { apiKey: "new-key-value" };
    await expect(h.client.get()).rejects.toThrow("bad new key");
    expect(h.disposed).toEqual([]);
    await expect(h.client.get()).resolves.toMatchObject({ id: 2, apiKey: "new-key-value" });
    expect(h.disposed).toEqual([1]);
    expect(h.rotations).toEqual([{ provider: "openai", reason: "credential_change" }]);
  });

  it("rotate forces a rebuild with unchanged credentials and records the reason", async () => {
    const h = harness();
    const first = await h.client.get();
    await h.client.rotate("error");
    const second = await h.client.get();
    expect(second).not.toBe(first);
    expect(h.disposed).toEqual([first.id]);
    await h.client.rotate();
    await h.client.get();
    expect(h.rotations).toEqual([
      { provider: "openai", reason: "error" },
      { provider: "openai", reason: "manual" },
    ]);
    expect(h.counts.create).toBe(3);
  });

  it("serializes builds: a get with new credentials waits for the build in flight", async () => {
    const gates = [deferred<void>(), deferred<void>()];
    let id = 0;
    let inFlight = 0;
    let maxInFlight = 0;
    const h = harness({
      create: async (creds) => {
        const gate = gates[id];
        id += 1;
        const mine = id;
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await gate?.promise;
        inFlight -= 1;
        return { id: mine, apiKey: creds.apiKey };
      },
    });
    const a = h.client.get();
    await new Promise((resolve) => setTimeout(resolve, 5));
    h.state.creds = { apiKey: "second-key-value" };
    const b = h.client.get();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(h.counts.create).toBe(1);
    gates[0]?.resolve();
    gates[1]?.resolve();
    expect(await a).toMatchObject({ id: 1 });
    expect(await b).toMatchObject({ id: 2, apiKey: "second-key-value" });
    expect(maxInFlight).toBe(1);
    expect(h.disposed).toEqual([1]);
  });

  it("a rotate during a build makes the next get build again", async () => {
    const gate = deferred<void>();
    let id = 0;
    const h = harness({
      create: async (creds) => {
        id += 1;
        const mine = id;
        if (mine === 1) await gate.promise;
        return { id: mine, apiKey: creds.apiKey };
      },
    });
    const a = h.client.get();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await h.client.rotate("manual");
    const b = h.client.get();
    gate.resolve();
    expect(await a).toMatchObject({ id: 1 });
    expect(await b).toMatchObject({ id: 2 });
    expect(h.rotations).toEqual([{ provider: "openai", reason: "manual" }]);
  });

  it("joins the build in flight for the same credentials, and serves the cached client for its own", async () => {
    const gate = deferred<void>();
    let id = 0;
    const h = harness({
      create: async (creds) => {
        id += 1;
        const mine = id;
        if (mine === 2) await gate.promise;
        return { id: mine, apiKey: creds.apiKey };
      },
    });
    await h.client.get();
    h.state.creds = { apiKey: "k2-value" };
    const a = h.client.get(); // builds k2, held
    await new Promise((resolve) => setTimeout(resolve, 5));
    h.state.creds = { apiKey: SECRET };
    const b = h.client.get(); // back to the original key: the cached client still matches
    h.state.creds = { apiKey: "k2-value" };
    const c = h.client.get(); // joins the k2 build
    await new Promise((resolve) => setTimeout(resolve, 5));
    gate.resolve();
    const [ra, rb, rc] = await Promise.all([a, b, c]);
    expect(ra).toBe(rc);
    expect(ra).toMatchObject({ id: 2 });
    expect(rb).toMatchObject({ apiKey: SECRET, id: 1 });
    expect(h.counts.create).toBe(2);
  });

  it("close disposes the current client and makes later gets reject", async () => {
    const h = harness();
    const first = await h.client.get();
    await h.client.close();
    expect(h.disposed).toEqual([first.id]);
    await expect(h.client.get()).rejects.toThrow("openai: client has been closed");
    await h.client.close();
    expect(h.disposed).toEqual([first.id]);
  });

  it("close during a build disposes the built client and rejects its waiters", async () => {
    const gate = deferred<void>();
    const h = harness({
      create: async (creds) => {
        await gate.promise;
        return { id: 99, apiKey: creds.apiKey };
      },
    });
    const waiter = h.client.get();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const closing = h.client.close();
    gate.resolve();
    await expect(waiter).rejects.toThrow("client has been closed");
    await closing;
    expect(h.disposed).toEqual([99]);
  });

  it("a get that resolved credentials after close started is rejected", async () => {
    const gate = deferred<Creds>();
    const client = createRotatingClient<string, Creds>({
      provider: "p",
      resolveCredentials: () => gate.promise,
      create: () => "c",
    });
    const waiter = client.get();
    await client.close();
    gate.resolve({ apiKey: "k" });
    await expect(waiter).rejects.toThrow("closed");
  });

  it("a get waiting on the build in flight rejects once closed", async () => {
    const gate = deferred<void>();
    let id = 0;
    const h = harness({
      create: async (creds) => {
        id += 1;
        await gate.promise;
        return { id, apiKey: creds.apiKey };
      },
    });
    const a = h.client.get();
    await new Promise((resolve) => setTimeout(resolve, 5));
    h.state.creds = { apiKey: "other-key-value" };
    const b = h.client.get();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const closing = h.client.close();
    gate.resolve();
    await expect(a).rejects.toThrow("closed");
    await expect(b).rejects.toThrow("closed");
    await closing;
    expect(id).toBe(1);
  });

  it("uses deep JSON equality by default and works without metrics, logger or dispose", async () => {
    let creds: Record<string, unknown> = { apiKey: "k", headers: { a: "1" } };
    let creates = 0;
    const client = createRotatingClient<number, Record<string, unknown>>({
      provider: "p",
      resolveCredentials: async () => structuredClone(creds),
      create: () => ++creates,
    });
    expect(await client.get()).toBe(1);
    expect(await client.get()).toBe(1);
    creds = { apiKey: "k", headers: { a: "2" } };
    expect(await client.get()).toBe(2);
    await client.close();
  });

  it("never logs credentials across the whole lifecycle", async () => {
    const h = harness();
    await h.client.get();
    h.state.creds = { apiKey: `${SECRET}-b`, baseUrl: "https://example.invalid" };
    await h.client.get();
    h.state.resolveError = new Error(SECRET);
    await h.client.get();
    await h.client.rotate("error");
    h.state.resolveError = undefined;
    await h.client.get();
    await h.client.close();
    expect(h.log.lines.length).toBeGreaterThan(0);
    expect(h.log.text()).not.toContain(SECRET);
  });
});
