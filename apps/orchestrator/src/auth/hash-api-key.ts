import { createHash } from "node:crypto";

/** The prefix of every stored API key hash; names the algorithm so it can change later. */
export const API_KEY_HASH_PREFIX = "sha256:";

const HASH_PATTERN = /^sha256:[0-9a-f]{64}$/i;

/**
 * The form in which an API key is written to config: `sha256:` followed by the
 * lowercase hex SHA-256 of the key. API keys are long random strings, so a
 * plain (unsalted, fast) hash is enough: there is no dictionary to attack.
 */
export function hashApiKey(key: string): string {
  return API_KEY_HASH_PREFIX + createHash("sha256").update(key, "utf8").digest("hex");
}

/**
 * Checks that `text` is a `sha256:<64 hex>` hash and returns it with lowercase
 * hex. The error never quotes `text`: a raw key pasted where its hash belongs
 * must not end up in a log.
 *
 * @throws TypeError naming the expected form.
 */
export function parseApiKeyHash(text: string): string {
  if (HASH_PATTERN.test(text)) return text.toLowerCase();
  const reason =
    text.slice(0, API_KEY_HASH_PREFIX.length).toLowerCase() === API_KEY_HASH_PREFIX
      ? `the digest is not 64 hex characters`
      : `it does not start with "${API_KEY_HASH_PREFIX}"`;
  throw new TypeError(
    `expected an API key hash of the form "sha256:<64 hex characters>" (as printed by hashApiKey), but ${reason}`,
  );
}

/**
 * The 32 digest bytes of a `sha256:<64 hex>` hash.
 *
 * @throws TypeError, as {@link parseApiKeyHash} does.
 */
export function apiKeyHashDigest(hash: string): Buffer {
  return Buffer.from(parseApiKeyHash(hash).slice(API_KEY_HASH_PREFIX.length), "hex");
}
