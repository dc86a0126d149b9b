import type { SecretsStore } from "@oss-ai-agent-tool/core";
import { clearRegisteredSecrets, redactSecrets } from "@oss-ai-agent-tool/core";
import { MemorySecretsStore } from "@oss-ai-agent-tool/testkit";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  type ApiKeyEntry,
  apiKeyEntrySchema,
  createApiKeyAuthenticator,
} from "../../src/auth/api-key-authenticator.js";
import { hashApiKey } from "../../src/auth/hash-api-key.js";

// Wraps the real timingSafeEqual so a test can count the comparisons made.
const { timingSafeEqualSpy } = vi.hoisted(() => ({ timingSafeEqualSpy: { calls: 0 } }));
vi.mock("node:crypto", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:crypto")>();
  return {
    ...actual,
    timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
      timingSafeEqualSpy.calls++;
      return actual.timingSafeEqual(a, b);
    },
  };
});

const ACME_KEY = "oaat-acme-3f9c2b7d1e6a4058";
const GLOBEX_KEY = "oaat-globex-8e1d4c2a9b7f3061";
const ROTATED_KEY = "oaat-globex-rotated-55aa11cc";

function setup(entries: ApiKeyEntry[], secrets: Record<string, string> = {}) {
  let time = 0;
  const store = new MemorySecretsStore(secrets);
  const missing: string[] = [];
  const auth = createApiKeyAuthenticator(entries, {
    secrets: store,
    now: () => time,
    onMissingSecret: (key) => missing.push(key),
  });
  return {
    auth,
    store,
    missing,
    advance(ms: number) {
      time += ms;
    },
  };
}

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected a throw");
}

beforeEach(() => {
  timingSafeEqualSpy.calls = 0;
});
afterEach(() => clearRegisteredSecrets());

describe("createApiKeyAuthenticator", () => {
  it("recognises a key by its hash and names it by the hash prefix", async () => {
    const { auth } = setup([
      { tenant: "acme", hash: hashApiKey(ACME_KEY), rateLimitPerMinute: 120 },
    ]);
    expect(auth.enabled).toBe(true);
    expect(await auth.authenticate(ACME_KEY)).toEqual({
      tenant: "acme",
      keyId: `key-${hashApiKey(ACME_KEY).slice(7, 15)}`,
      rateLimitPerMinute: 120,
    });
  });

  it("uses the entry's name as keyId and leaves out an unset rate limit", async () => {
    const { auth } = setup([{ tenant: "acme", hash: hashApiKey(ACME_KEY), name: "acme-ci" }]);
    const identity = await auth.authenticate(ACME_KEY);
    expect(identity).toEqual({ tenant: "acme", keyId: "acme-ci" });
    expect(identity && "rateLimitPerMinute" in identity).toBe(false);
  });

  it("accepts an upper-case hash in config", async () => {
    const hash = hashApiKey(ACME_KEY);
    const { auth } = setup([{ tenant: "acme", hash: `sha256:${hash.slice(7).toUpperCase()}` }]);
    expect((await auth.authenticate(ACME_KEY))?.tenant).toBe("acme");
  });

  it("recognises a key held in the secrets store", async () => {
    const { auth } = setup([{ tenant: "globex", secret: "gateway:key:globex" }], {
      "gateway:key:globex": GLOBEX_KEY,
    });
    expect(await auth.authenticate(GLOBEX_KEY)).toEqual({
      tenant: "globex",
      keyId: `key-${hashApiKey(GLOBEX_KEY).slice(7, 15)}`,
    });
  });

  it("returns undefined for a wrong key, a missing key and an empty key", async () => {
    const { auth } = setup(
      [
        { tenant: "acme", hash: hashApiKey(ACME_KEY) },
        { tenant: "globex", secret: "gateway:key:globex" },
      ],
      { "gateway:key:globex": GLOBEX_KEY },
    );
    expect(await auth.authenticate("oaat-not-a-key")).toBeUndefined();
    expect(await auth.authenticate(`${ACME_KEY} `)).toBeUndefined();
    expect(await auth.authenticate(undefined)).toBeUndefined();
    expect(await auth.authenticate("")).toBeUndefined();
  });

  it("picks the entry that matches among several", async () => {
    const { auth } = setup(
      [
        { tenant: "acme", hash: hashApiKey(ACME_KEY) },
        { tenant: "globex", secret: "gateway:key:globex" },
        { tenant: "initech", hash: hashApiKey("oaat-initech-0000") },
      ],
      { "gateway:key:globex": GLOBEX_KEY },
    );
    expect((await auth.authenticate("oaat-initech-0000"))?.tenant).toBe("initech");
    expect((await auth.authenticate(GLOBEX_KEY))?.tenant).toBe("globex");
    expect((await auth.authenticate(ACME_KEY))?.tenant).toBe("acme");
  });

  it("is disabled, and matches nothing, with no entries", async () => {
    const { auth } = setup([]);
    expect(auth.enabled).toBe(false);
    expect(await auth.authenticate(ACME_KEY)).toBeUndefined();
  });

  it("compares against every entry, with no early exit, even when the first one matches", async () => {
    const entries: ApiKeyEntry[] = [
      { tenant: "acme", hash: hashApiKey(ACME_KEY) },
      { tenant: "missing", secret: "gateway:key:absent" },
      { tenant: "globex", secret: "gateway:key:globex" },
      { tenant: "t3", hash: hashApiKey("oaat-t3") },
      { tenant: "t4", hash: hashApiKey("oaat-t4") },
    ];
    const { auth } = setup(entries, { "gateway:key:globex": GLOBEX_KEY });
    for (const presented of [ACME_KEY, GLOBEX_KEY, "oaat-t4", "oaat-wrong"]) {
      timingSafeEqualSpy.calls = 0;
      await auth.authenticate(presented);
      expect(timingSafeEqualSpy.calls).toBe(entries.length);
    }
  });

  it("re-reads secrets after the TTL, so a rotated key takes effect without restart", async () => {
    const { auth, store, advance } = setup([{ tenant: "globex", secret: "gateway:key:globex" }], {
      "gateway:key:globex": GLOBEX_KEY,
    });
    expect((await auth.authenticate(GLOBEX_KEY))?.tenant).toBe("globex");
    await store.set("gateway:key:globex", ROTATED_KEY);
    advance(4_999);
    // Still within the TTL: the cached value is used.
    expect((await auth.authenticate(GLOBEX_KEY))?.tenant).toBe("globex");
    expect(await auth.authenticate(ROTATED_KEY)).toBeUndefined();
    advance(1);
    expect(await auth.authenticate(GLOBEX_KEY)).toBeUndefined();
    expect(await auth.authenticate(ROTATED_KEY)).toEqual({
      tenant: "globex",
      keyId: `key-${hashApiKey(ROTATED_KEY).slice(7, 15)}`,
    });
  });

  it("reads the store at most once per TTL, sharing one read between concurrent requests", async () => {
    const store = new MemorySecretsStore({ "gateway:key:globex": GLOBEX_KEY });
    const get = vi.spyOn(store, "get");
    let time = 0;
    const auth = createApiKeyAuthenticator([{ tenant: "globex", secret: "gateway:key:globex" }], {
      secrets: store,
      secretTtlMs: 1_000,
      now: () => time,
    });
    const results = await Promise.all([1, 2, 3, 4].map(() => auth.authenticate(GLOBEX_KEY)));
    expect(results.map((result) => result?.tenant)).toEqual([
      "globex",
      "globex",
      "globex",
      "globex",
    ]);
    await auth.authenticate(GLOBEX_KEY);
    expect(get).toHaveBeenCalledTimes(1);
    time = 1_000;
    await auth.authenticate(GLOBEX_KEY);
    expect(get).toHaveBeenCalledTimes(2);
  });

  it("never matches a missing secret, and reports it once by store key", async () => {
    const { auth, store, missing, advance } = setup([
      { tenant: "globex", secret: "gateway:key:globex" },
    ]);
    expect(await auth.authenticate(GLOBEX_KEY)).toBeUndefined();
    advance(5_000);
    expect(await auth.authenticate(GLOBEX_KEY)).toBeUndefined();
    expect(missing).toEqual(["gateway:key:globex"]);
    await store.set("gateway:key:globex", GLOBEX_KEY);
    advance(5_000);
    expect((await auth.authenticate(GLOBEX_KEY))?.tenant).toBe("globex");
    // Revoked by deleting it: stops matching, and is reported again.
    await store.delete("gateway:key:globex");
    advance(5_000);
    expect(await auth.authenticate(GLOBEX_KEY)).toBeUndefined();
    expect(missing).toEqual(["gateway:key:globex", "gateway:key:globex"]);
  });

  it("does not let an empty stored secret match anything", async () => {
    const { auth, missing } = setup([{ tenant: "globex", secret: "gateway:key:globex" }], {
      "gateway:key:globex": "",
    });
    expect(await auth.authenticate(" ")).toBeUndefined();
    expect(missing).toEqual(["gateway:key:globex"]);
  });

  it("keeps the last value read when the store fails, and reports the failure by key", async () => {
    let failing = false;
    const inner = new MemorySecretsStore({ "gateway:key:globex": GLOBEX_KEY });
    const store: SecretsStore = {
      get: (key) => (failing ? Promise.reject(new Error("store unreachable")) : inner.get(key)),
      set: (key, value) => inner.set(key, value),
      delete: (key) => inner.delete(key),
    };
    const errors: string[] = [];
    let time = 0;
    const auth = createApiKeyAuthenticator([{ tenant: "globex", secret: "gateway:key:globex" }], {
      secrets: store,
      now: () => time,
      onSecretError: (key) => errors.push(key),
    });
    expect((await auth.authenticate(GLOBEX_KEY))?.tenant).toBe("globex");
    failing = true;
    time = 5_000;
    expect((await auth.authenticate(GLOBEX_KEY))?.tenant).toBe("globex");
    expect(errors).toEqual(["gateway:key:globex"]);
  });

  it("registers matched keys for redaction", async () => {
    const { auth } = setup(
      [
        { tenant: "acme", hash: hashApiKey(ACME_KEY) },
        { tenant: "globex", secret: "gateway:key:globex" },
      ],
      { "gateway:key:globex": GLOBEX_KEY },
    );
    await auth.authenticate(ACME_KEY);
    expect(redactSecrets(`echo ${ACME_KEY} ${GLOBEX_KEY}`)).toBe("echo [REDACTED] [REDACTED]");
  });

  it("does not register wrong keys, which anyone can send", async () => {
    const { auth } = setup([{ tenant: "acme", hash: hashApiKey(ACME_KEY) }]);
    await auth.authenticate("oaat-not-a-key-123");
    expect(redactSecrets("oaat-not-a-key-123")).toBe("oaat-not-a-key-123");
  });

  describe("config validation", () => {
    it("names the field when neither or both of hash and secret are set", () => {
      expect(messageOf(() => setup([{ tenant: "acme" }]))).toMatch(
        /apiKeys\[0\]\.hash: set exactly one of "hash" or "secret"/,
      );
      expect(
        messageOf(() =>
          setup([{ tenant: "acme", hash: hashApiKey(ACME_KEY), secret: "gateway:key:acme" }]),
        ),
      ).toMatch(/apiKeys\[0\]\.secret: set exactly one/);
    });

    it("names each bad field, by index", () => {
      const message = messageOf(() =>
        setup([
          { tenant: "acme", hash: hashApiKey(ACME_KEY) },
          { tenant: "", hash: hashApiKey(GLOBEX_KEY), rateLimitPerMinute: 0 },
        ]),
      );
      expect(message).toMatch(/apiKeys\[1\]\.tenant/);
      expect(message).toMatch(/apiKeys\[1\]\.rateLimitPerMinute/);
    });

    it("rejects unknown fields, so a typo cannot silently drop a limit", () => {
      const entry = { tenant: "acme", hash: hashApiKey(ACME_KEY), rateLimitPerMin: 5 };
      expect(messageOf(() => setup([entry as ApiKeyEntry]))).toMatch(/rateLimitPerMin/);
    });

    it("never quotes a raw key pasted where its hash belongs", () => {
      const message = messageOf(() => setup([{ tenant: "acme", hash: ACME_KEY }]));
      expect(message).toMatch(/apiKeys\[0\]\.hash: must be "sha256:<64 hex characters>"/);
      expect(message).not.toContain(ACME_KEY);
      const parsed = apiKeyEntrySchema.safeParse({ tenant: "acme", hash: ACME_KEY });
      expect(JSON.stringify(parsed.error?.issues)).not.toContain(ACME_KEY);
    });

    it("rejects two entries with the same key or the same name, naming both", () => {
      expect(
        messageOf(() =>
          setup([
            { tenant: "acme", hash: hashApiKey(ACME_KEY) },
            {
              tenant: "globex",
              hash: hashApiKey(ACME_KEY).toUpperCase().replace("SHA256", "sha256"),
            },
          ]),
        ),
      ).toMatch(/apiKeys\[1\]\.hash: same key as entry 0/);
      expect(
        messageOf(() =>
          setup([
            { tenant: "acme", hash: hashApiKey(ACME_KEY), name: "ci" },
            { tenant: "globex", secret: "gateway:key:globex", name: "ci" },
          ]),
        ),
      ).toMatch(/apiKeys\[1\]\.name: already used by entry 0/);
    });

    it("rejects a negative secretTtlMs", () => {
      expect(() =>
        createApiKeyAuthenticator([], { secrets: new MemorySecretsStore(), secretTtlMs: -1 }),
      ).toThrow(/secretTtlMs/);
    });

    it("accepts a valid entry through the exported schema", () => {
      expect(
        apiKeyEntrySchema.parse({ tenant: "acme", secret: "gateway:key:acme", name: "acme" }),
      ).toEqual({ tenant: "acme", secret: "gateway:key:acme", name: "acme" });
    });
  });
});
