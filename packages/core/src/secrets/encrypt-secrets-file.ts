import { createCipheriv, createDecipheriv, randomBytes, scrypt } from "node:crypto";
import { z } from "zod";

/** scrypt cost parameters, as stored in an {@link EncryptedSecretsFile}. */
export interface ScryptParams {
  /** CPU/memory cost; a power of two. */
  n: number;
  /** Block size. */
  r: number;
  /** Parallelization. */
  p: number;
}

/**
 * The cost used for new files: about 32 MiB and tens of milliseconds per
 * derivation, which is why callers cache the derived key per salt.
 */
export const DEFAULT_SCRYPT_PARAMS: Readonly<ScryptParams> = Object.freeze({
  n: 2 ** 15,
  r: 8,
  p: 1,
});

/** The bytes of salt, IV and GCM tag this format uses. */
export const SALT_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
// Parameters come from a file on disk; an absurd `n` must not let a modified
// file make us allocate gigabytes before the tag check can fail.
const MAX_SCRYPT_MEMORY = 256 * 1024 * 1024;

/** The on-disk form of an encrypted secrets file. Binary fields are base64. */
export interface EncryptedSecretsFile {
  version: 1;
  kdf: "scrypt";
  n: number;
  r: number;
  p: number;
  salt: string;
  iv: string;
  tag: string;
  ciphertext: string;
}

const envelopeSchema = z.object({
  version: z.literal(1),
  kdf: z.literal("scrypt"),
  n: z.number().int(),
  r: z.number().int(),
  p: z.number().int(),
  salt: z.string(),
  iv: z.string(),
  tag: z.string(),
  ciphertext: z.string(),
});

/**
 * True when `value` looks like an encrypted file rather than a plain one. A
 * plain file maps keys to strings, so a numeric `version` cannot occur in one:
 * the check never mistakes a plain file for an encrypted one.
 */
export function looksEncrypted(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { version?: unknown }).version === "number" &&
    "ciphertext" in value
  );
}

/**
 * Validates an encrypted file's envelope, including the scrypt parameters and
 * the binary field lengths.
 *
 * @returns the envelope, or a reason it was refused (never file content).
 */
export function parseEncryptedSecretsFile(
  value: unknown,
): { ok: true; file: EncryptedSecretsFile } | { ok: false; reason: string } {
  const parsed = envelopeSchema.safeParse(value);
  if (!parsed.success) {
    return { ok: false, reason: "expected version 1 with kdf scrypt and base64 fields" };
  }
  const file = parsed.data;
  const paramsProblem = checkScryptParams(file);
  if (paramsProblem) return { ok: false, reason: paramsProblem };
  if (Buffer.from(file.salt, "base64").length !== SALT_BYTES) {
    return { ok: false, reason: `salt must be ${SALT_BYTES} bytes` };
  }
  if (Buffer.from(file.iv, "base64").length !== IV_BYTES) {
    return { ok: false, reason: `iv must be ${IV_BYTES} bytes` };
  }
  if (Buffer.from(file.tag, "base64").length !== TAG_BYTES) {
    return { ok: false, reason: `tag must be ${TAG_BYTES} bytes` };
  }
  return { ok: true, file };
}

function checkScryptParams({ n, r, p }: ScryptParams): string | undefined {
  const powerOfTwo = n > 1 && (n & (n - 1)) === 0;
  if (!powerOfTwo || r < 1 || p < 1 || p > 16 || 128 * n * r > MAX_SCRYPT_MEMORY) {
    return "scrypt parameters out of the accepted range";
  }
  return undefined;
}

/**
 * Derives the 32-byte AES key from a passphrase and salt with scrypt. Slow on
 * purpose; derive once per salt and reuse the result.
 */
export function deriveKey(
  passphrase: string,
  salt: Buffer,
  params: ScryptParams = DEFAULT_SCRYPT_PARAMS,
): Promise<Buffer> {
  const { n, r, p } = params;
  return new Promise((resolve, reject) => {
    // Node refuses when 128*n*r reaches maxmem, and its default (32 MiB) is
    // exactly the default cost; leave headroom for the p-dependent buffers.
    const maxmem = 2 * 128 * n * r + 128 * r * p;
    scrypt(passphrase, salt, KEY_BYTES, { N: n, r, p, maxmem }, (err, key) => {
      if (err) reject(err);
      else resolve(key);
    });
  });
}

/**
 * Encrypts `plaintext` with AES-256-GCM under `key`, with a fresh random IV:
 * reusing an IV with the same key would break GCM, and the key is reused
 * across writes.
 */
export function encryptSecretsFile(
  plaintext: string,
  key: Buffer,
  kdf: ScryptParams & { salt: Buffer },
): EncryptedSecretsFile {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return {
    version: 1,
    kdf: "scrypt",
    n: kdf.n,
    r: kdf.r,
    p: kdf.p,
    salt: kdf.salt.toString("base64"),
    iv: iv.toString("base64"),
    tag: cipher.getAuthTag().toString("base64"),
    ciphertext: ciphertext.toString("base64"),
  };
}

/**
 * Decrypts and authenticates an encrypted file.
 *
 * @throws {Error} when the key is wrong or any field was modified; GCM cannot
 *   tell these apart, and the message says so without quoting any content.
 */
export function decryptSecretsFile(file: EncryptedSecretsFile, key: Buffer): string {
  try {
    // A fixed authTagLength stops a truncated tag from being accepted.
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(file.iv, "base64"), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAuthTag(Buffer.from(file.tag, "base64"));
    const plain = Buffer.concat([
      decipher.update(Buffer.from(file.ciphertext, "base64")),
      decipher.final(),
    ]);
    return plain.toString("utf8");
  } catch {
    throw new Error("wrong passphrase or the file was modified");
  }
}
