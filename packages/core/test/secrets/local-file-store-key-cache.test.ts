import { join } from "node:path";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as crypto from "../../src/secrets/encrypt-secrets-file.js";
import { LocalFileStore } from "../../src/secrets/local-file-store.js";
import { useTempDirs } from "./helpers.js";

vi.mock(import("../../src/secrets/encrypt-secrets-file.js"), async (importOriginal) => {
  const real = await importOriginal();
  return { ...real, deriveKey: vi.fn(real.deriveKey) };
});

const deriveKey = vi.mocked(crypto.deriveKey);
const tempDir = useTempDirs();

beforeEach(() => {
  deriveKey.mockClear();
});

describe("LocalFileStore key cache", () => {
  it("derives the key once per salt, across writes, reads and reloads", async () => {
    const path = join(await tempDir(), "secrets.json");
    const store = new LocalFileStore({ path, passphrase: "pw-123456", checkIntervalMs: 0 });
    await Promise.all([store.set("a", "1"), store.set("b", "2"), store.set("c", "3")]);
    for (let i = 0; i < 5; i++) expect(await store.get("a")).toBe("1");
    expect(deriveKey).toHaveBeenCalledTimes(1);

    // A second store (another process, in effect) writes: same salt, so this store does not re-derive.
    const other = new LocalFileStore({ path, passphrase: "pw-123456" });
    await other.set("d", "4");
    expect(await store.get("d")).toBe("4");
    expect(deriveKey).toHaveBeenCalledTimes(2);
  });

  it("does not cache a failed derivation, and close clears the key", async () => {
    const path = join(await tempDir(), "secrets.json");
    const store = new LocalFileStore({ path, passphrase: "pw-123456", checkIntervalMs: 0 });
    deriveKey.mockRejectedValueOnce(new Error("out of memory"));
    await expect(store.set("a", "1")).rejects.toThrow("out of memory");
    await store.set("a", "1");
    expect(deriveKey).toHaveBeenCalledTimes(2);
    await store.close();
    expect(await store.get("a")).toBe("1");
    expect(deriveKey).toHaveBeenCalledTimes(3);
  });
});
