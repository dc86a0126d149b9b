import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  API_KEY_HASH_PREFIX,
  apiKeyHashDigest,
  hashApiKey,
  parseApiKeyHash,
} from "../../src/auth/hash-api-key.js";

describe("hashApiKey", () => {
  it("is sha256: plus the lowercase hex SHA-256 of the key", () => {
    expect(hashApiKey("abc")).toBe(
      "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
    expect(API_KEY_HASH_PREFIX).toBe("sha256:");
  });

  it("hashes the UTF-8 bytes", () => {
    const expected = createHash("sha256").update(Buffer.from("clé-🔑", "utf8")).digest("hex");
    expect(hashApiKey("clé-🔑")).toBe(`sha256:${expected}`);
  });
});

describe("parseApiKeyHash", () => {
  const hash = hashApiKey("oaat-test-key-0001");

  it("accepts its own output and normalises hex to lowercase", () => {
    expect(parseApiKeyHash(hash)).toBe(hash);
    expect(parseApiKeyHash(`sha256:${hash.slice(7).toUpperCase()}`)).toBe(hash);
  });

  it("rejects text without the prefix, saying what was expected and never echoing it", () => {
    const rawKey = "sk-live-0123456789abcdef";
    expect(() => parseApiKeyHash(rawKey)).toThrow(TypeError);
    expect(() => parseApiKeyHash(rawKey)).toThrow(/sha256:<64 hex characters>/);
    expect(() => parseApiKeyHash(rawKey)).toThrow(/does not start with "sha256:"/);
    try {
      parseApiKeyHash(rawKey);
    } catch (error) {
      expect((error as Error).message).not.toContain(rawKey);
    }
  });

  it("rejects a digest of the wrong length or alphabet", () => {
    expect(() => parseApiKeyHash(hash.slice(0, -1))).toThrow(/not 64 hex characters/);
    expect(() => parseApiKeyHash(`${hash}0`)).toThrow(/not 64 hex characters/);
    expect(() => parseApiKeyHash(`${hash.slice(0, -1)}g`)).toThrow(/not 64 hex characters/);
    expect(() => parseApiKeyHash("SHA256:abc")).toThrow(/not 64 hex characters/);
    expect(() => parseApiKeyHash(` ${hash}`)).toThrow(/sha256:/);
    expect(() => parseApiKeyHash("")).toThrow(/sha256:/);
  });
});

describe("apiKeyHashDigest", () => {
  it("returns the 32 digest bytes", () => {
    const digest = apiKeyHashDigest(hashApiKey("abc"));
    expect(digest).toHaveLength(32);
    expect(digest.equals(createHash("sha256").update("abc").digest())).toBe(true);
  });
});
