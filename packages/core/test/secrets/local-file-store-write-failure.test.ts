import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { LocalFileStore } from "../../src/secrets/local-file-store.js";
import { useTempDirs } from "./helpers.js";

const failures = vi.hoisted(() => ({
  rename: 0,
  replaceAfterRename: undefined as string | undefined,
}));

vi.mock("node:fs/promises", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:fs/promises")>();
  return {
    ...real,
    rename: async (from: string, to: string) => {
      if (failures.rename > 0) {
        failures.rename -= 1;
        throw Object.assign(new Error("simulated rename failure"), { code: "EIO" });
      }
      await real.rename(from, to);
      const replacement = failures.replaceAfterRename;
      if (replacement !== undefined) {
        // Another process replaces the file between our rename and our stat.
        failures.replaceAfterRename = undefined;
        const other = `${to}.other`;
        await real.writeFile(other, replacement, { mode: 0o600 });
        await real.rename(other, to);
      }
    },
  };
});

const tempDir = useTempDirs();

describe("LocalFileStore write failures", () => {
  it("removes the temp file, rejects that write only, and keeps serving later writes", async () => {
    const dir = await tempDir();
    const path = join(dir, "secrets.json");
    const store = new LocalFileStore({ path, checkIntervalMs: 0 });
    await store.set("a", "1");
    failures.rename = 1;
    const results = await Promise.allSettled([store.set("b", "2"), store.set("c", "3")]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "fulfilled"]);
    expect(await readdir(dir)).toEqual(["secrets.json"]);
    expect(JSON.parse(await readFile(path, "utf8"))).toEqual({ a: "1", c: "3" });
  });

  it("reloads when another process replaced the file right after its rename", async () => {
    const dir = await tempDir();
    const path = join(dir, "secrets.json");
    const store = new LocalFileStore({ path, checkIntervalMs: 60_000 });
    failures.replaceAfterRename = JSON.stringify({ k: "theirs" });
    await store.set("k", "mine");
    expect(await store.get("k")).toBe("theirs");
  });
});
