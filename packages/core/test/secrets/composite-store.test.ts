import { describe, expect, it } from "vitest";
import { CompositeStore } from "../../src/secrets/composite-store.js";
import { EnvStore } from "../../src/secrets/env-store.js";
import type { SecretsStore } from "../../src/secrets/secrets-store.js";

describe("CompositeStore", () => {
  it("reads from the first store that has the key", async () => {
    const first = new EnvStore({ A: "first-a" });
    const second = new EnvStore({ A: "second-a", B: "second-b" });
    const store = new CompositeStore([first, second]);
    expect(await store.get("A")).toBe("first-a");
    expect(await store.get("B")).toBe("second-b");
    expect(await store.get("C")).toBeUndefined();
  });

  it("writes to stores[0] by default and to writeTo when given", async () => {
    const a: NodeJS.ProcessEnv = {};
    const b: NodeJS.ProcessEnv = {};
    await new CompositeStore([new EnvStore(a), new EnvStore(b)]).set("K", "v1");
    expect(a).toEqual({ K: "v1" });
    await new CompositeStore([new EnvStore(a), new EnvStore(b)], { writeTo: 1 }).set("K", "v2");
    expect(b).toEqual({ K: "v2" });
    expect(a).toEqual({ K: "v1" });
  });

  it("deletes from every store", async () => {
    const a: NodeJS.ProcessEnv = { K: "1" };
    const b: NodeJS.ProcessEnv = { K: "2" };
    const store = new CompositeStore([new EnvStore(a), new EnvStore(b)]);
    await store.delete("K");
    expect(await store.get("K")).toBeUndefined();
    expect(a).toEqual({});
    expect(b).toEqual({});
  });

  it("tries every store on delete and close, then throws the first failure", async () => {
    const calls: string[] = [];
    const failing: SecretsStore = {
      get: async () => undefined,
      set: async () => {},
      delete: async () => {
        calls.push("failing.delete");
        throw new Error("delete failed");
      },
      close: async () => {
        calls.push("failing.close");
        throw new Error("close failed");
      },
    };
    const ok: SecretsStore = {
      get: async () => undefined,
      set: async () => {},
      delete: async () => {
        calls.push("ok.delete");
      },
      close: async () => {
        calls.push("ok.close");
      },
    };
    const store = new CompositeStore([failing, ok, new EnvStore({})]);
    await expect(store.delete("K")).rejects.toThrow("delete failed");
    await expect(store.close()).rejects.toThrow("close failed");
    expect(calls).toEqual(["failing.delete", "ok.delete", "failing.close", "ok.close"]);
    await expect(new CompositeStore([ok]).close()).resolves.toBeUndefined();
  });

  it("rejects a writeTo that is not an index of stores", () => {
    expect(() => new CompositeStore([])).toThrow(RangeError);
    expect(() => new CompositeStore([new EnvStore({})], { writeTo: 1 })).toThrow(/writeTo 1/);
    expect(() => new CompositeStore([new EnvStore({})], { writeTo: 0.5 })).toThrow(RangeError);
  });
});
