import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_SCRYPT_PARAMS,
  decryptSecretsFile,
  deriveKey,
  encryptSecretsFile,
  looksEncrypted,
  parseEncryptedSecretsFile,
  SALT_BYTES,
} from "../../src/secrets/encrypt-secrets-file.js";

const FAST = { n: 1024, r: 8, p: 1 };

describe("encrypt-secrets-file", () => {
  it("round-trips with a fresh IV per encryption", async () => {
    const salt = randomBytes(SALT_BYTES);
    const key = await deriveKey("pass phrase", salt, FAST);
    expect(key).toHaveLength(32);
    const a = encryptSecretsFile('{"k":"v"}', key, { ...FAST, salt });
    const b = encryptSecretsFile('{"k":"v"}', key, { ...FAST, salt });
    expect(a.iv).not.toBe(b.iv);
    expect(a).toMatchObject({
      version: 1,
      kdf: "scrypt",
      n: 1024,
      r: 8,
      p: 1,
      salt: salt.toString("base64"),
    });
    expect(decryptSecretsFile(a, key)).toBe('{"k":"v"}');
    expect(parseEncryptedSecretsFile(a)).toEqual({ ok: true, file: a });
  });

  it("derives the same key for the same inputs, with the default cost", async () => {
    const salt = randomBytes(SALT_BYTES);
    const [k1, k2, k3] = await Promise.all([
      deriveKey("p", salt),
      deriveKey("p", salt, DEFAULT_SCRYPT_PARAMS),
      deriveKey("q", salt),
    ]);
    expect(k1.equals(k2!)).toBe(true);
    expect(k1.equals(k3!)).toBe(false);
  });

  it("rejects a wrong key and any tampering with the same message", async () => {
    const salt = randomBytes(SALT_BYTES);
    const key = await deriveKey("right", salt, FAST);
    const file = encryptSecretsFile('{"k":"secret-value"}', key, { ...FAST, salt });
    const flip = (b64: string) => {
      const bytes = Buffer.from(b64, "base64");
      bytes[0] = (bytes[0] ?? 0) ^ 1;
      return bytes.toString("base64");
    };
    const wrongKey = await deriveKey("wrong", salt, FAST);
    for (const [f, k] of [
      [file, wrongKey],
      [{ ...file, ciphertext: flip(file.ciphertext) }, key],
      [{ ...file, tag: flip(file.tag) }, key],
      [{ ...file, iv: flip(file.iv) }, key],
    ] as const) {
      expect(() => decryptSecretsFile(f, k)).toThrow("wrong passphrase or the file was modified");
    }
  });

  it("tells encrypted envelopes from plain files", () => {
    expect(looksEncrypted({ version: 1, ciphertext: "" })).toBe(true);
    expect(looksEncrypted({ version: "1", ciphertext: "x" })).toBe(false);
    expect(looksEncrypted({ k: "v" })).toBe(false);
    expect(looksEncrypted(null)).toBe(false);
    expect(looksEncrypted("x")).toBe(false);
  });

  it("refuses envelopes with bad versions, parameters or field lengths", async () => {
    const salt = randomBytes(SALT_BYTES);
    const key = await deriveKey("p", salt, FAST);
    const good = encryptSecretsFile("{}", key, { ...FAST, salt });
    const cases: Array<[unknown, RegExp]> = [
      [{ ...good, version: 2 }, /version 1/],
      [{ ...good, kdf: "argon2" }, /version 1/],
      [{ ...good, n: 1000 }, /out of the accepted range/],
      [{ ...good, n: 2 ** 30 }, /out of the accepted range/],
      [{ ...good, r: 0 }, /out of the accepted range/],
      [{ ...good, p: 17 }, /out of the accepted range/],
      [{ ...good, salt: "AAAA" }, /salt must be 16 bytes/],
      [{ ...good, iv: "AAAA" }, /iv must be 12 bytes/],
      [{ ...good, tag: "AAAA" }, /tag must be 16 bytes/],
    ];
    for (const [value, reason] of cases) {
      const result = parseEncryptedSecretsFile(value);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toMatch(reason);
    }
  });

  it("surfaces scrypt errors", async () => {
    await expect(deriveKey("p", randomBytes(SALT_BYTES), { n: 3, r: 8, p: 1 })).rejects.toThrow();
  });
});
