import { chmod, mkdir, readdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { clearRegisteredSecrets, redactSecrets } from "../../src/errors/redact-secrets.js";
import { defaultSecretsPath, LocalFileStore } from "../../src/secrets/local-file-store.js";
import { SecretsFileError } from "../../src/secrets/secrets-file-error.js";
import { rejection, useTempDirs } from "./helpers.js";

const tempDir = useTempDirs();
afterEach(() => clearRegisteredSecrets());

const SECRET = "sk-live-do-not-leak-1234567890";

async function storeIn(options: { checkIntervalMs?: number; file?: string } = {}) {
  const dir = await tempDir();
  const path = join(dir, options.file ?? "secrets.json");
  return {
    dir,
    path,
    store: new LocalFileStore({ path, checkIntervalMs: options.checkIntervalMs ?? 0 }),
  };
}

describe("LocalFileStore", () => {
  it("defaults to ~/.oss-ai-agent-tool/secrets.json", () => {
    expect(defaultSecretsPath()).toBe(join(homedir(), ".oss-ai-agent-tool", "secrets.json"));
    expect(new LocalFileStore().path).toBe(defaultSecretsPath());
  });

  it("reads a missing file as empty and does not create it", async () => {
    const { path, store } = await storeIn();
    expect(await store.get("provider:openai:apiKey")).toBeUndefined();
    await store.delete("provider:openai:apiKey");
    await expect(stat(path)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("creates the directory 0700 and the file 0600, and round-trips values", async () => {
    const dir = await tempDir();
    const path = join(dir, "nested", "deeper", "secrets.json");
    const store = new LocalFileStore({ path });
    await store.set("provider:openai:apiKey", SECRET);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, "nested", "deeper"))).mode & 0o777).toBe(0o700);
    expect(JSON.parse(await readFile(path, "utf8"))).toEqual({ "provider:openai:apiKey": SECRET });
    expect(await store.get("provider:openai:apiKey")).toBe(SECRET);
    // A fresh store reads what the first one wrote.
    expect(await new LocalFileStore({ path }).get("provider:openai:apiKey")).toBe(SECRET);
  });

  it("registers values it hands out for redaction", async () => {
    const { store } = await storeIn();
    await store.set("k", "an-unshaped-value");
    await store.get("k");
    expect(redactSecrets("x an-unshaped-value y")).toBe("x [REDACTED] y");
  });

  it("deletes keys, and skips the write when nothing changes", async () => {
    const { path, store } = await storeIn();
    await store.set("a", "1");
    await store.set("b", "2");
    const before = await stat(path);
    await store.set("a", "1");
    await store.delete("missing");
    const after = await stat(path);
    expect(after.ino).toBe(before.ino);
    await store.delete("a");
    expect(JSON.parse(await readFile(path, "utf8"))).toEqual({ b: "2" });
    expect(await store.get("a")).toBeUndefined();
  });

  it("refuses a group- or world-accessible file, naming the path and the fix but no content", async () => {
    const { path, store } = await storeIn();
    await writeFile(path, JSON.stringify({ k: SECRET }), { mode: 0o644 });
    await chmod(path, 0o644);
    const err = await rejection(store.get("k"));
    expect(err).toBeInstanceOf(SecretsFileError);
    expect(err).toMatchObject({ code: "insecure_permissions", path });
    expect(err.message).toContain(path);
    expect(err.message).toContain(`chmod 600 ${path}`);
    expect(err.message).toContain("0644");
    expect(err.message).not.toContain(SECRET);
    // Writing is refused too: it would replace a file we could not read.
    await expect(store.set("other", "value")).rejects.toThrow(/chmod 600/);
    await chmod(path, 0o600);
    expect(await store.get("k")).toBe(SECRET);
  });

  it("stops serving a file once it becomes group-writable", async () => {
    const { path, store } = await storeIn();
    await store.set("k", SECRET);
    expect(await store.get("k")).toBe(SECRET);
    await chmod(path, 0o620);
    await expect(store.get("k")).rejects.toThrow(/group or others/);
    await expect(store.get("k")).rejects.toThrow(/group or others/);
  });

  it("refuses a path that is not a regular file", async () => {
    const { path, store } = await storeIn();
    await mkdir(path, { mode: 0o700 });
    const err = await rejection(store.get("k"));
    expect(err).toMatchObject({ code: "not_a_file" });
  });

  it("rejects malformed JSON without quoting the content", async () => {
    const { path, store } = await storeIn();
    await writeFile(path, `{"k": "${SECRET}"`, { mode: 0o600 });
    const err = await rejection(store.get("k"));
    expect(err).toMatchObject({ code: "malformed" });
    expect(err.message).toContain(path);
    expect(err.message).toContain("expected a JSON object of string values");
    expect(err.message).not.toContain(SECRET);
  });

  it.each([
    ["an array", JSON.stringify([SECRET])],
    ["a string", JSON.stringify(SECRET)],
    ["null", "null"],
    ["a non-string value", JSON.stringify({ k: SECRET, n: 1 })],
  ])("rejects %s", async (_label, content) => {
    const { path, store } = await storeIn();
    await writeFile(path, content, { mode: 0o600 });
    const err = await rejection(store.get("k"));
    expect(err.message).toContain("expected a JSON object of string values");
    expect(err.message).not.toContain(SECRET);
  });

  it("reads an empty file as an empty store", async () => {
    const { path, store } = await storeIn();
    await writeFile(path, "  \n", { mode: 0o600 });
    expect(await store.get("k")).toBeUndefined();
    await store.set("k", "v");
    expect(await store.get("k")).toBe("v");
  });

  it("keeps __proto__ as data", async () => {
    const { path, store } = await storeIn();
    await writeFile(path, '{"__proto__": "proto-value", "k": "v"}', { mode: 0o600 });
    expect(await store.get("__proto__")).toBe("proto-value");
    await store.set("x", "y");
    expect(await new LocalFileStore({ path }).get("__proto__")).toBe("proto-value");
  });

  it("writes atomically: no temp files left, valid JSON after many concurrent sets", async () => {
    const { dir, path, store } = await storeIn();
    const n = 50;
    await Promise.all(Array.from({ length: n }, (_, i) => store.set(`key-${i}`, `value-${i}`)));
    expect(await readdir(dir)).toEqual(["secrets.json"]);
    const onDisk = JSON.parse(await readFile(path, "utf8")) as Record<string, string>;
    expect(Object.keys(onDisk)).toHaveLength(n);
    for (let i = 0; i < n; i++) expect(onDisk[`key-${i}`]).toBe(`value-${i}`);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it("notices a change written directly to the file", async () => {
    const { path, store } = await storeIn();
    await store.set("k", "old-value");
    expect(await store.get("k")).toBe("old-value");
    await writeFile(path, JSON.stringify({ k: "new-value-longer" }), { mode: 0o600 });
    expect(await store.get("k")).toBe("new-value-longer");
  });

  it("notices a file replaced by rename, and a deleted file", async () => {
    const { dir, path, store } = await storeIn();
    await store.set("k", "v1");
    const other = join(dir, "other.json");
    await writeFile(other, JSON.stringify({ k: "v2" }), { mode: 0o600 });
    await rename(other, path);
    expect(await store.get("k")).toBe("v2");
    await writeFile(path, "{}", { mode: 0o600 });
    expect(await store.get("k")).toBeUndefined();
  });

  it("does not overwrite another process's change when it writes", async () => {
    const dir = await tempDir();
    const path = join(dir, "secrets.json");
    const store = new LocalFileStore({ path, checkIntervalMs: 60_000 });
    await store.set("mine", "1");
    await writeFile(path, JSON.stringify({ mine: "1", theirs: "2" }), { mode: 0o600 });
    await store.set("mine2", "3");
    expect(JSON.parse(await readFile(path, "utf8"))).toEqual({
      mine: "1",
      theirs: "2",
      mine2: "3",
    });
  });

  it("re-checks the file at most once per checkIntervalMs", async () => {
    const dir = await tempDir();
    const path = join(dir, "secrets.json");
    await writeFile(path, JSON.stringify({ k: "v1" }), { mode: 0o600 });
    const store = new LocalFileStore({ path, checkIntervalMs: 200 });
    expect(await store.get("k")).toBe("v1");
    await writeFile(path, JSON.stringify({ k: "v2-changed" }), { mode: 0o600 });
    // Within the interval the cached content is served without a stat.
    expect(await store.get("k")).toBe("v1");
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await store.get("k")).toBe("v2-changed");
  });

  it("shares one reload between concurrent reads", async () => {
    const { path, store } = await storeIn();
    await writeFile(path, JSON.stringify({ k: "v" }), { mode: 0o600 });
    const values = await Promise.all(Array.from({ length: 10 }, () => store.get("k")));
    expect(values).toEqual(Array(10).fill("v"));
  });

  it("close waits for pending writes and forgets the cache", async () => {
    const { path, store } = await storeIn({ checkIntervalMs: 60_000 });
    const write = store.set("k", "v");
    await store.close();
    await write;
    expect(JSON.parse(await readFile(path, "utf8"))).toEqual({ k: "v" });
    await writeFile(path, JSON.stringify({ k: "after-close" }), { mode: 0o600 });
    expect(await store.get("k")).toBe("after-close");
  });
});
