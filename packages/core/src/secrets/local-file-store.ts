import { randomBytes } from "node:crypto";
import type { FileHandle } from "node:fs/promises";
import { mkdir, open, rename, stat, unlink } from "node:fs/promises";
import { homedir } from "node:os";
import { basename, dirname, join } from "node:path";
import { registerSecretValue } from "../errors/redact-secrets.js";
import {
  DEFAULT_SCRYPT_PARAMS,
  decryptSecretsFile,
  deriveKey,
  encryptSecretsFile,
  looksEncrypted,
  parseEncryptedSecretsFile,
  SALT_BYTES,
  type ScryptParams,
} from "./encrypt-secrets-file.js";
import { SecretsFileError } from "./secrets-file-error.js";
import type { SecretsStore } from "./secrets-store.js";

/** Options of a {@link LocalFileStore}. */
export interface LocalFileStoreOptions {
  /** The secrets file. Defaults to {@link defaultSecretsPath}. */
  path?: string;
  /**
   * Encrypts the file at rest (scrypt + AES-256-GCM). A plain file found at
   * the path is still read, and is encrypted by the next write.
   */
  passphrase?: string;
  /**
   * How often, at most, to check the file for changes made by another
   * process, in milliseconds. 0 checks on every call. Defaults to 1000.
   */
  checkIntervalMs?: number;
}

/** `~/.oss-ai-agent-tool/secrets.json`: where a {@link LocalFileStore} keeps secrets by default. */
export function defaultSecretsPath(): string {
  return join(homedir(), ".oss-ai-agent-tool", "secrets.json");
}

interface Fingerprint {
  ino: number;
  size: number;
  mtimeMs: number;
  // ctime catches a chmod, so a file made world-readable is refused at once.
  ctimeMs: number;
}

interface KdfSettings extends ScryptParams {
  salt: Buffer;
}

interface Snapshot {
  values: ReadonlyMap<string, string>;
  /** `undefined` when the file does not exist. */
  fingerprint: Fingerprint | undefined;
  /** The salt and cost of the file as read, reused on write so the cached key stays valid. */
  kdf: KdfSettings | undefined;
}

const FILE_MODE = 0o600;
const DIR_MODE = 0o700;
const EXPECTED = "expected a JSON object of string values";
// Mode bits say nothing about access on Windows (ACLs decide), so checking them there would only refuse every file.
const CHECK_MODE = process.platform !== "win32";

/**
 * A {@link SecretsStore} backed by a JSON file of key → value, private to the
 * user (mode 0600 in a 0700 directory), optionally encrypted at rest.
 *
 * - Reads refuse a file that group or others can read or write.
 * - Writes are atomic (temp file, fsync, rename) and serialized within the
 *   process, so concurrent `set`s do not lose updates. Across processes the
 *   last writer wins, but each write first re-reads the file, so only a race
 *   inside that window can lose an update.
 * - Edits by another process are picked up without a restart: the file is
 *   re-stat'ed at most once per `checkIntervalMs` and reloaded when it changed.
 */
export class LocalFileStore implements SecretsStore {
  /** The secrets file this store reads and writes. */
  readonly path: string;
  readonly #passphrase: string | undefined;
  readonly #checkIntervalMs: number;
  #snapshot: Snapshot | undefined;
  #checkedAt = Number.NEGATIVE_INFINITY;
  #loading: Promise<Snapshot> | undefined;
  #writes: Promise<void> = Promise.resolve();
  #key: { id: string; key: Promise<Buffer> } | undefined;

  constructor(options: LocalFileStoreOptions = {}) {
    if (options.passphrase === "") {
      throw new TypeError("LocalFileStore: passphrase must not be empty");
    }
    this.path = options.path ?? defaultSecretsPath();
    this.#passphrase = options.passphrase;
    this.#checkIntervalMs = Math.max(0, options.checkIntervalMs ?? 1000);
  }

  /** The value of `key`, registered for redaction; `undefined` when absent or the file is missing. */
  async get(key: string): Promise<string | undefined> {
    const snapshot = await this.#current(false);
    const value = snapshot.values.get(key);
    registerSecretValue(value);
    return value;
  }

  /** Stores `key`, creating the directory and file when needed. */
  set(key: string, value: string): Promise<void> {
    return this.#mutate((values) => {
      if (values.get(key) === value) return false;
      values.set(key, value);
      return true;
    });
  }

  /** Removes `key`; does not create the file when it is missing. */
  delete(key: string): Promise<void> {
    return this.#mutate((values) => values.delete(key));
  }

  /** Waits for pending writes, then drops the cached data and derived key. */
  async close(): Promise<void> {
    await this.#writes;
    const cached = this.#key;
    this.#key = undefined;
    this.#snapshot = undefined;
    this.#checkedAt = Number.NEGATIVE_INFINITY;
    await cached?.key.then((key) => key.fill(0)).catch(() => {});
  }

  #current(force: boolean): Promise<Snapshot> {
    // Share one reload between concurrent callers instead of stat-ing per call.
    if (this.#loading) return this.#loading;
    const fresh = performance.now() - this.#checkedAt < this.#checkIntervalMs;
    if (this.#snapshot && fresh && !force) return Promise.resolve(this.#snapshot);
    const loading = this.#refresh().finally(() => {
      if (this.#loading === loading) this.#loading = undefined;
    });
    this.#loading = loading;
    return loading;
  }

  async #refresh(): Promise<Snapshot> {
    try {
      const now = performance.now();
      const current = await fingerprintOf(this.path);
      let snapshot = this.#snapshot;
      if (!snapshot || !sameFingerprint(snapshot.fingerprint, current)) {
        snapshot = await this.#load();
      }
      this.#snapshot = snapshot;
      this.#checkedAt = now;
      return snapshot;
    } catch (err) {
      // Stop serving the old content: the file may now be insecure or replaced.
      this.#snapshot = undefined;
      this.#checkedAt = Number.NEGATIVE_INFINITY;
      throw err;
    }
  }

  async #load(): Promise<Snapshot> {
    let handle: FileHandle;
    try {
      handle = await open(this.path, "r");
    } catch (err) {
      if (isMissing(err)) return { values: new Map(), fingerprint: undefined, kdf: undefined };
      throw err;
    }
    let text: string;
    let fingerprint: Fingerprint;
    try {
      // fstat the handle we read, so the mode checked is that of the bytes read.
      const stats = await handle.stat();
      if (!stats.isFile()) {
        throw new SecretsFileError(
          `secrets file ${this.path} is not a regular file`,
          "not_a_file",
          this.path,
        );
      }
      assertPrivate(this.path, stats.mode);
      fingerprint = toFingerprint(stats);
      text = await handle.readFile("utf8");
    } finally {
      await handle.close();
    }
    const { values, kdf } = await this.#parse(text);
    return { values, fingerprint, kdf };
  }

  async #parse(
    text: string,
  ): Promise<{ values: Map<string, string>; kdf: KdfSettings | undefined }> {
    // A touched, empty file is an empty store, not a broken one.
    if (text.trim() === "") return { values: new Map(), kdf: undefined };
    const parsed = parseJson(text, this.path);
    if (!looksEncrypted(parsed)) return { values: toValues(parsed, this.path), kdf: undefined };

    if (this.#passphrase === undefined) {
      throw new SecretsFileError(
        `secrets file ${this.path} is encrypted: pass the passphrase to read it`,
        "passphrase_required",
        this.path,
      );
    }
    const envelope = parseEncryptedSecretsFile(parsed);
    if (!envelope.ok) {
      throw new SecretsFileError(
        `encrypted secrets file ${this.path} is not supported: ${envelope.reason}`,
        "unsupported_format",
        this.path,
      );
    }
    const { file } = envelope;
    const kdf: KdfSettings = {
      n: file.n,
      r: file.r,
      p: file.p,
      salt: Buffer.from(file.salt, "base64"),
    };
    let plaintext: string;
    try {
      plaintext = decryptSecretsFile(file, await this.#keyFor(kdf));
    } catch {
      throw new SecretsFileError(
        `cannot decrypt secrets file ${this.path}: wrong passphrase or the file was modified`,
        "decrypt_failed",
        this.path,
      );
    }
    return { values: toValues(parseJson(plaintext, this.path), this.path), kdf };
  }

  #keyFor(kdf: KdfSettings): Promise<Buffer> {
    const id = `${kdf.n}:${kdf.r}:${kdf.p}:${kdf.salt.toString("base64")}`;
    if (this.#key?.id === id) return this.#key.key;
    // Only the newest salt is kept: after a rewrite by another process the old one is never needed again.
    const key = deriveKey(this.#passphrase as string, kdf.salt, kdf);
    const entry = { id, key };
    this.#key = entry;
    key.catch(() => {
      if (this.#key === entry) this.#key = undefined;
    });
    return key;
  }

  #mutate(change: (values: Map<string, string>) => boolean): Promise<void> {
    const run = async (): Promise<void> => {
      // Re-read whatever the interval says: writing over an edit made by
      // another process since the last check would silently undo it.
      const snapshot = await this.#current(true);
      const values = new Map(snapshot.values);
      if (!change(values)) return;
      await this.#write(values, snapshot.kdf);
    };
    const result = this.#writes.then(run);
    this.#writes = result.catch(() => {});
    return result;
  }

  async #write(values: Map<string, string>, existingKdf: KdfSettings | undefined): Promise<void> {
    const json = JSON.stringify(Object.fromEntries(values), null, 2);
    let body = `${json}\n`;
    let kdf: KdfSettings | undefined;
    if (this.#passphrase !== undefined) {
      kdf = existingKdf ?? { ...DEFAULT_SCRYPT_PARAMS, salt: randomBytes(SALT_BYTES) };
      body = `${JSON.stringify(encryptSecretsFile(json, await this.#keyFor(kdf), kdf), null, 2)}\n`;
    }

    const dir = dirname(this.path);
    await mkdir(dir, { recursive: true, mode: DIR_MODE });
    const temp = join(
      dir,
      `.${basename(this.path)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`,
    );
    let tempIno: number;
    try {
      const handle = await open(temp, "wx", FILE_MODE);
      try {
        // The umask can only remove bits, but be explicit: the mode is the whole point.
        await handle.chmod(FILE_MODE);
        await handle.writeFile(body, "utf8");
        await handle.sync();
        tempIno = (await handle.stat()).ino;
      } finally {
        await handle.close();
      }
      await rename(temp, this.path);
    } catch (err) {
      await unlink(temp).catch(() => {});
      throw err;
    }
    await syncDirectory(dir);

    const written = await fingerprintOf(this.path);
    // If another process replaced the file right after our rename, let the next read load theirs.
    this.#snapshot =
      written && written.ino === tempIno ? { values, fingerprint: written, kdf } : undefined;
    this.#checkedAt = performance.now();
  }
}

function assertPrivate(path: string, mode: number): void {
  if (!CHECK_MODE || (mode & 0o077) === 0) return;
  const octal = (mode & 0o777).toString(8).padStart(4, "0");
  throw new SecretsFileError(
    `refusing to read secrets file ${path}: it is accessible by group or others (mode ${octal}); run \`chmod 600 ${path}\``,
    "insecure_permissions",
    path,
  );
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Not the parser's message: it quotes the text around the error, which may be a secret.
    throw new SecretsFileError(`secrets file ${path} is malformed: ${EXPECTED}`, "malformed", path);
  }
}

function toValues(parsed: unknown, path: string): Map<string, string> {
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new SecretsFileError(`secrets file ${path} is malformed: ${EXPECTED}`, "malformed", path);
  }
  // A Map, not an object: a key such as `__proto__` must stay data.
  const values = new Map<string, string>();
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value !== "string") {
      throw new SecretsFileError(
        `secrets file ${path} is malformed: ${EXPECTED} (key "${key}" is not a string)`,
        "malformed",
        path,
      );
    }
    values.set(key, value);
  }
  return values;
}

async function fingerprintOf(path: string): Promise<Fingerprint | undefined> {
  try {
    return toFingerprint(await stat(path));
  } catch (err) {
    if (isMissing(err)) return undefined;
    throw err;
  }
}

function toFingerprint(stats: {
  ino: number;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
}): Fingerprint {
  return { ino: stats.ino, size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs };
}

function sameFingerprint(a: Fingerprint | undefined, b: Fingerprint | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;
}

async function syncDirectory(dir: string): Promise<void> {
  // Makes the rename itself durable. Best effort: some platforms cannot open a directory.
  try {
    const handle = await open(dir, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // The data is already fsync'ed; only the rename's durability is weaker here.
  }
}

function isMissing(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === "ENOENT";
}
