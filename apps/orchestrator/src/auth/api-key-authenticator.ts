import { createHash, timingSafeEqual } from "node:crypto";
import {
  formatValidationError,
  registerSecretValue,
  type SecretsStore,
} from "@oss-ai-agent-tool/core";
import { z } from "zod";
import { API_KEY_HASH_PREFIX, apiKeyHashDigest, parseApiKeyHash } from "./hash-api-key.js";

/** One accepted API key in the gateway config. Exactly one of `hash` or `secret` is set. */
export interface ApiKeyEntry {
  /** The tenant that requests made with this key are attributed to. */
  tenant: string;
  /** `sha256:<64 hex>`, as printed by `hashApiKey`. The key itself never sits in config. */
  hash?: string;
  /** A secrets-store key whose value is the API key; re-read so rotation needs no restart. */
  secret?: string;
  /** Requests per minute allowed for this key. */
  rateLimitPerMinute?: number;
  /** A non-secret label for logs and metrics; defaults to `key-` plus 8 hex chars of the hash. */
  name?: string;
}

function isApiKeyHash(text: string): boolean {
  try {
    parseApiKeyHash(text);
    return true;
  } catch {
    return false;
  }
}

/** Validates one {@link ApiKeyEntry}; each issue names its field and never quotes a value. */
export const apiKeyEntrySchema = z
  .strictObject({
    tenant: z.string().min(1, "must be a non-empty tenant id"),
    hash: z
      .string()
      .refine(isApiKeyHash, {
        message: `must be "${API_KEY_HASH_PREFIX}<64 hex characters>" (the output of hashApiKey, never the key itself)`,
      })
      .optional(),
    secret: z.string().min(1, "must be a non-empty secrets-store key").optional(),
    rateLimitPerMinute: z.number().int().min(1, "must be at least 1").optional(),
    name: z.string().min(1, "must be non-empty when set").optional(),
  })
  .superRefine((entry, ctx) => {
    if ((entry.hash === undefined) === (entry.secret === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: [entry.hash === undefined ? "hash" : "secret"],
        message: 'set exactly one of "hash" or "secret"',
      });
    }
  }) satisfies z.ZodType<ApiKeyEntry>;

/** Who a request belongs to, once its key has been recognised. Holds nothing secret. */
export interface AuthenticatedKey {
  readonly tenant: string;
  /** `name` from config, or `key-` plus the first 8 hex chars of the key's hash. */
  readonly keyId: string;
  readonly rateLimitPerMinute?: number;
}

/** Options for {@link createApiKeyAuthenticator}. */
export interface ApiKeyAuthenticatorOptions {
  /** Where `secret` entries are read from. */
  secrets: SecretsStore;
  /** How long a value read from the store is trusted before it is read again. Default 5 000 ms. */
  secretTtlMs?: number;
  /** Milliseconds from a monotonic clock. Default `performance.now`. */
  now?: () => number;
  /** Called with the store key (never a value) when a secret entry's value is absent; once per absence. */
  onMissingSecret?: (key: string) => void;
  /** Called when reading a secret fails; the last value read stays in use until a read succeeds. */
  onSecretError?: (key: string, error: unknown) => void;
}

/** Recognises presented API keys. */
export interface ApiKeyAuthenticator {
  /** Whether any key is configured; when not, the gateway runs without auth. */
  readonly enabled: boolean;
  /** The key's identity, or `undefined` when the key is absent or matches no entry. */
  authenticate(presented: string | undefined): Promise<AuthenticatedKey | undefined>;
}

const DEFAULT_SECRET_TTL_MS = 5_000;
const DIGEST_BYTES = 32;
// Stands in for a secret that is not there, so that entry is still compared and
// the loop's length does not depend on which secrets are currently present.
const NO_DIGEST = Buffer.alloc(DIGEST_BYTES);

const monotonicNow = (): number => performance.now();

function sha256(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}

function identityFor(entry: ApiKeyEntry, digest: Buffer): AuthenticatedKey {
  const keyId = entry.name ?? `key-${digest.toString("hex", 0, 4)}`;
  return Object.freeze(
    entry.rateLimitPerMinute === undefined
      ? { tenant: entry.tenant, keyId }
      : { tenant: entry.tenant, keyId, rateLimitPerMinute: entry.rateLimitPerMinute },
  );
}

/** One entry at run time: the digest to compare against and the identity it grants. */
interface Slot {
  readonly entry: ApiKeyEntry;
  /** The store key for secret entries; `undefined` for hash entries. */
  readonly secretKey: string | undefined;
  digest: Buffer;
  available: boolean;
  identity: AuthenticatedKey | undefined;
  /** A hash entry learns its key only when a request presents it; register it for redaction once. */
  registered: boolean;
  missingReported: boolean;
}

function tryParseHash(text: string): string | undefined {
  try {
    return parseApiKeyHash(text);
  } catch {
    return undefined;
  }
}

/**
 * A list of API-key entries. Beyond each entry's own rules, two entries may
 * not share a hash (the tenant would depend on config order) or a name (their
 * metrics would merge). Issues name `[i].hash` / `[i].name`, so under a config
 * key they read `auth.apiKeys[1].hash: ...`.
 */
export const apiKeyEntriesSchema = z.array(apiKeyEntrySchema).superRefine((entries, ctx) => {
  const hashes = new Map<string, number>();
  const names = new Map<string, number>();
  entries.forEach((entry, index) => {
    // zod runs this refinement even when an entry failed its own checks; a malformed hash
    // was reported there already.
    const hash = entry.hash === undefined ? undefined : tryParseHash(entry.hash);
    if (hash !== undefined) {
      const earlier = hashes.get(hash);
      if (earlier === undefined) hashes.set(hash, index);
      else
        ctx.addIssue({
          code: "custom",
          path: [index, "hash"],
          message: `same key as entry ${earlier}`,
        });
    }
    if (entry.name !== undefined) {
      const earlier = names.get(entry.name);
      if (earlier === undefined) names.set(entry.name, index);
      else
        ctx.addIssue({
          code: "custom",
          path: [index, "name"],
          message: `already used by entry ${earlier}`,
        });
    }
  });
});

function validateEntries(entries: readonly ApiKeyEntry[]): ApiKeyEntry[] {
  const parsed = apiKeyEntriesSchema.safeParse(entries);
  if (!parsed.success) {
    throw new Error(`invalid API key config:\n${formatValidationError(parsed.error, "apiKeys")}`);
  }
  return parsed.data;
}

/**
 * Builds the inbound API-key check. Validates `entries` up front (throwing an
 * error that names each bad field, never a value).
 *
 * Timing: the presented key is hashed once and its digest is compared with
 * every entry's digest by `timingSafeEqual`, with no early exit, before the
 * match is returned; so the time taken says neither whether nor where a key
 * matched. Secret entries are read through the store at most once per
 * `secretTtlMs`, all together, by one shared read. Two secret entries that
 * resolve to the same key: the first in config order wins.
 *
 * @throws Error when an entry is invalid, or two entries share a hash or a name.
 */
export function createApiKeyAuthenticator(
  entries: readonly ApiKeyEntry[],
  options: ApiKeyAuthenticatorOptions,
): ApiKeyAuthenticator {
  const valid = validateEntries(entries);
  const secretTtlMs = options.secretTtlMs ?? DEFAULT_SECRET_TTL_MS;
  if (!Number.isFinite(secretTtlMs) || secretTtlMs < 0) {
    throw new RangeError(`secretTtlMs must be a finite number >= 0, got ${secretTtlMs}`);
  }
  const { secrets, onMissingSecret, onSecretError } = options;
  const now = options.now ?? monotonicNow;

  const slots: Slot[] = valid.map((entry) => {
    if (entry.hash !== undefined) {
      const digest = apiKeyHashDigest(entry.hash);
      return {
        entry,
        secretKey: undefined,
        digest,
        available: true,
        identity: identityFor(entry, digest),
        registered: false,
        missingReported: false,
      };
    }
    return {
      entry,
      secretKey: entry.secret,
      digest: NO_DIGEST,
      available: false,
      identity: undefined,
      registered: true,
      missingReported: false,
    };
  });
  const secretSlots = slots.filter((slot) => slot.secretKey !== undefined);

  let freshUntil = Number.NEGATIVE_INFINITY;
  let pending: Promise<void> | undefined;

  async function loadSlot(slot: Slot, key: string): Promise<void> {
    let value: string | undefined;
    try {
      value = await secrets.get(key);
    } catch (error) {
      onSecretError?.(key, error);
      return;
    }
    if (value === undefined || value === "") {
      slot.available = false;
      slot.digest = NO_DIGEST;
      slot.identity = undefined;
      if (!slot.missingReported) {
        slot.missingReported = true;
        onMissingSecret?.(key);
      }
      return;
    }
    slot.missingReported = false;
    registerSecretValue(value);
    const digest = sha256(value);
    if (!slot.available || !digest.equals(slot.digest)) {
      slot.digest = digest;
      slot.identity = identityFor(slot.entry, digest);
      slot.available = true;
    }
  }

  async function loadSecrets(): Promise<void> {
    await Promise.all(secretSlots.map((slot) => loadSlot(slot, slot.secretKey!)));
    freshUntil = now() + secretTtlMs;
  }

  function refreshSecrets(): Promise<void> {
    // Concurrent requests after expiry share one read instead of each hitting the store.
    pending ??= loadSecrets().finally(() => {
      pending = undefined;
    });
    return pending;
  }

  return {
    enabled: slots.length > 0,
    async authenticate(presented) {
      if (presented === undefined || presented === "") return undefined;
      if (secretSlots.length > 0 && now() >= freshUntil) await refreshSecrets();
      const digest = sha256(presented);
      let matched: Slot | undefined;
      for (const slot of slots) {
        // No break: every entry costs one comparison whether or not an earlier one matched.
        const equal = timingSafeEqual(digest, slot.digest);
        if (equal && slot.available && matched === undefined) matched = slot;
      }
      if (matched === undefined) return undefined;
      if (!matched.registered) {
        matched.registered = true;
        registerSecretValue(presented);
      }
      return matched.identity;
    },
  };
}
