import { type Logger, noopLogger } from "../logger.js";
import type { ClientRotationReason, ProviderMetrics } from "../metrics/metrics-types.js";
import { jsonEquals } from "./json-equals.js";

/** Options of {@link createRotatingClient}. */
export interface RotatingClientOptions<TClient, TCredentials> {
  /** The provider id, for metrics and logs. */
  provider: string;
  /**
   * Reads the current credentials. Called on every `get`, so keep it cheap
   * (a store lookup, not a network call).
   */
  resolveCredentials(): Promise<TCredentials>;
  /** Builds a client (an SDK instance, an HTTP agent) for the given credentials. */
  create(credentials: TCredentials): TClient | Promise<TClient>;
  /** Releases a client that has been replaced or closed. Failures are logged, never thrown. */
  dispose?(client: TClient): void | Promise<void>;
  /** Whether two credentials are the same. Defaults to {@link jsonEquals}. */
  equals?(a: TCredentials, b: TCredentials): boolean;
  /** Receives one `recordClientRotation` per replaced client. */
  metrics?: ProviderMetrics;
  /** Receives rotation and failure events; never credentials. */
  logger?: Logger;
}

/** A provider client that is rebuilt when its credentials change. */
export interface RotatingClient<TClient> {
  /** The client for the current credentials, building it if needed. */
  get(): Promise<TClient>;
  /**
   * Makes the next `get` build a new client even if the credentials are
   * unchanged, e.g. after the upstream rejected the current one. The current
   * client keeps serving until its replacement is ready.
   */
  rotate(reason?: ClientRotationReason): Promise<void>;
  /** Disposes the current client. Later `get`s reject. */
  close(): Promise<void>;
}

interface Built<TClient, TCredentials> {
  credentials: TCredentials;
  /** The `rotate` count when the build started; an older one is stale. */
  epoch: number;
  client: TClient;
}

interface Pending<TClient, TCredentials> {
  credentials: TCredentials;
  epoch: number;
  promise: Promise<TClient>;
}

/**
 * Wraps a provider's client construction so that it is cached per
 * credentials and rebuilt when they change, which is what lets a key rotated
 * in the secrets store take effect without a restart.
 *
 * - Unchanged credentials cost one `resolveCredentials` and one `equals` per `get`.
 * - At most one `create` runs at a time; concurrent `get`s for the same
 *   credentials share it, and all of them see its error if it fails. A failed
 *   build is not cached, so the next `get` tries again.
 * - A replaced client is disposed only after its successor is ready.
 * - If `resolveCredentials` fails while a client is cached, that client keeps
 *   serving: a flaky secrets backend should not take the provider down.
 */
export function createRotatingClient<TClient, TCredentials>(
  options: RotatingClientOptions<TClient, TCredentials>,
): RotatingClient<TClient> {
  const { provider, metrics } = options;
  const logger = options.logger ?? noopLogger;
  const equals = options.equals ?? jsonEquals;

  let current: Built<TClient, TCredentials> | undefined;
  let pending: Pending<TClient, TCredentials> | undefined;
  let epoch = 0;
  let rotateReason: ClientRotationReason = "manual";
  let closed = false;
  const disposals = new Set<Promise<void>>();

  const closedError = (): Error => new Error(`${provider}: client has been closed`);

  function disposeQuietly(client: TClient): void {
    if (!options.dispose) return;
    const dispose = options.dispose;
    const work = (async () => {
      try {
        await dispose(client);
      } catch (err) {
        logger.debug({ provider, error: describeError(err) }, "disposing a replaced client failed");
      }
    })();
    disposals.add(work);
    void work.finally(() => disposals.delete(work));
  }

  function build(credentials: TCredentials): Promise<TClient> {
    // Registered before `create` runs, so a synchronous throw still clears it.
    const entry: Pending<TClient, TCredentials> = {
      credentials,
      epoch,
      promise: Promise.resolve() as unknown as Promise<TClient>,
    };
    pending = entry;
    entry.promise = (async () => {
      try {
        const client = await options.create(credentials);
        if (closed) {
          disposeQuietly(client);
          throw closedError();
        }
        const previous = current;
        current = { credentials, epoch: entry.epoch, client };
        if (previous) {
          const reason = previous.epoch !== entry.epoch ? rotateReason : "credential_change";
          metrics?.recordClientRotation(provider, reason);
          logger.info({ provider, reason }, "provider client rebuilt");
          disposeQuietly(previous.client);
        }
        return client;
      } finally {
        if (pending === entry) pending = undefined;
      }
    })();
    return entry.promise;
  }

  async function rebuild(credentials: TCredentials): Promise<TClient> {
    // Builds are serialized: each one starts from the settled state of the last.
    for (;;) {
      if (closed) throw closedError();
      if (pending) {
        if (pending.epoch === epoch && equals(pending.credentials, credentials)) {
          return pending.promise;
        }
        await pending.promise.catch(() => {});
        continue;
      }
      if (current && current.epoch === epoch && equals(current.credentials, credentials)) {
        return current.client;
      }
      return build(credentials);
    }
  }

  return {
    async get() {
      if (closed) throw closedError();
      let credentials: TCredentials;
      try {
        credentials = await options.resolveCredentials();
      } catch (err) {
        if (!current || closed) throw err;
        logger.warn(
          { provider, error: describeError(err) },
          "could not resolve credentials; keeping the cached client",
        );
        return current.client;
      }
      if (closed) throw closedError();
      const cached = current;
      if (cached && cached.epoch === epoch && equals(cached.credentials, credentials)) {
        return cached.client;
      }
      return rebuild(credentials);
    },

    async rotate(reason = "manual") {
      rotateReason = reason;
      epoch += 1;
    },

    async close() {
      closed = true;
      await pending?.promise.catch(() => {});
      const last = current;
      current = undefined;
      if (last) disposeQuietly(last.client);
      await Promise.all(disposals);
    },
  };
}

/**
 * What a log line may say about an error: its class, code and status, never
 * its message. An error from a secrets backend or an SDK constructor can quote
 * the credential it choked on, and redaction only knows registered values and
 * common key shapes, so the message is not safe even after redaction.
 */
function describeError(err: unknown): Record<string, unknown> {
  if (typeof err !== "object" || err === null) return { type: typeof err };
  const { name, code, status } = err as { name?: unknown; code?: unknown; status?: unknown };
  const out: Record<string, unknown> = { name: typeof name === "string" ? name : "Error" };
  if (typeof code === "string" || typeof code === "number") out.code = code;
  if (typeof status === "number") out.status = status;
  return out;
}
