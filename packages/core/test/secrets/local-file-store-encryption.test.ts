import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LocalFileStore } from "../../src/secrets/local-file-store.js";
import { rejection, useTempDirs } from "./helpers.js";

const tempDir = useTempDirs();
const SECRET = "sk-encrypted-never-on-disk-4242";
const PASSPHRASE = "correct horse battery staple";

async function encryptedStore() {
  const dir = await tempDir();
  const path = join(dir, "secrets.json");
  return {
    dir,
    path,
    store: new LocalFileStore({ path, passphrase: PASSPHRASE, checkIntervalMs: 0 }),
  };
}

describe("LocalFileStore encryption", () => {
  it("round-trips, and the file on disk holds no plaintext", async () => {
    const { dir, path, store } = await encryptedStore();
    await store.set("provider:openai:apiKey", SECRET);
    await store.set("provider:other:apiKey", "second-secret-value");

    const raw = await readFile(path);
    expect(raw.includes(Buffer.from(SECRET))).toBe(false);
    expect(raw.includes(Buffer.from("provider:openai"))).toBe(false);
    expect(raw.includes(Buffer.from("second-secret-value"))).toBe(false);
    const envelope = JSON.parse(raw.toString("utf8")) as Record<string, unknown>;
    expect(Object.keys(envelope).sort()).toEqual(
      ["ciphertext", "iv", "kdf", "n", "p", "r", "salt", "tag", "version"].sort(),
    );
    expect(envelope).toMatchObject({ version: 1, kdf: "scrypt", n: 2 ** 15, r: 8, p: 1 });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(["secrets.json"]);

    expect(await store.get("provider:openai:apiKey")).toBe(SECRET);
    const fresh = new LocalFileStore({ path, passphrase: PASSPHRASE });
    expect(await fresh.get("provider:openai:apiKey")).toBe(SECRET);
    expect(await fresh.get("provider:other:apiKey")).toBe("second-secret-value");
  });

  it("keeps the salt and uses a new IV on every write", async () => {
    const { path, store } = await encryptedStore();
    await store.set("k", SECRET);
    const first = JSON.parse(await readFile(path, "utf8")) as Record<string, string>;
    await store.set("k", `${SECRET}-2`);
    const second = JSON.parse(await readFile(path, "utf8")) as Record<string, string>;
    expect(second.salt).toBe(first.salt);
    expect(second.iv).not.toBe(first.iv);
  });

  it("fails clearly on a wrong passphrase, without any secret in the error", async () => {
    const { path, store } = await encryptedStore();
    await store.set("k", SECRET);
    const wrong = new LocalFileStore({ path, passphrase: "not the passphrase" });
    const err = await rejection(wrong.get("k"));
    expect(err.message).toBe(
      `cannot decrypt secrets file ${path}: wrong passphrase or the file was modified`,
    );
    expect(err).toMatchObject({ code: "decrypt_failed" });
    expect(err.message).not.toContain(SECRET);
    expect(err.message).not.toContain(PASSPHRASE);
    expect(JSON.stringify(err)).not.toContain(SECRET);
    // Nothing is written over a file that could not be read.
    await expect(wrong.set("k2", "v")).rejects.toThrow(/wrong passphrase/);
    expect(await new LocalFileStore({ path, passphrase: PASSPHRASE }).get("k")).toBe(SECRET);
  });

  it("detects a tampered file", async () => {
    const { path, store } = await encryptedStore();
    await store.set("k", SECRET);
    const envelope = JSON.parse(await readFile(path, "utf8")) as Record<string, string>;
    const bytes = Buffer.from(envelope.ciphertext!, "base64");
    bytes[0] = (bytes[0] ?? 0) ^ 0xff;
    envelope.ciphertext = bytes.toString("base64");
    await writeFile(path, JSON.stringify(envelope), { mode: 0o600 });
    await expect(store.get("k")).rejects.toThrow("wrong passphrase or the file was modified");
  });

  it("asks for the passphrase when the file is encrypted and none was given", async () => {
    const { path, store } = await encryptedStore();
    await store.set("k", SECRET);
    const err = await rejection(new LocalFileStore({ path }).get("k"));
    expect(err).toMatchObject({ code: "passphrase_required" });
    expect(err.message).toContain(path);
  });

  it("refuses an unsupported envelope", async () => {
    const { path, store } = await encryptedStore();
    await writeFile(path, JSON.stringify({ version: 2, kdf: "scrypt", ciphertext: "" }), {
      mode: 0o600,
    });
    const err = await rejection(store.get("k"));
    expect(err).toMatchObject({ code: "unsupported_format" });
  });

  it("reads a plain file and encrypts it on the next write", async () => {
    const { path, store } = await encryptedStore();
    await writeFile(path, JSON.stringify({ old: SECRET }), { mode: 0o600 });
    expect(await store.get("old")).toBe(SECRET);
    await store.set("new", "value-2");
    const raw = await readFile(path);
    expect(raw.includes(Buffer.from(SECRET))).toBe(false);
    expect(await new LocalFileStore({ path, passphrase: PASSPHRASE }).get("old")).toBe(SECRET);
  });

  it("picks up a file re-encrypted by another process with a new salt", async () => {
    const { path, store } = await encryptedStore();
    await store.set("k", "first-value");
    expect(await store.get("k")).toBe("first-value");
    const other = join(path, "..", "other.json");
    const otherStore = new LocalFileStore({ path: other, passphrase: PASSPHRASE });
    await otherStore.set("k", "from-other-process");
    await writeFile(path, await readFile(other), { mode: 0o600 });
    expect(await store.get("k")).toBe("from-other-process");
  });

  it("rejects an empty passphrase", () => {
    expect(() => new LocalFileStore({ passphrase: "" })).toThrow(/must not be empty/);
  });
});
