import {
  type ChatRequest,
  type ChatResponse,
  type ChatStreamEvent,
  type EmbedRequest,
  type EmbedResponse,
  type Logger,
  type ModelProvider,
  normalizeProviderError,
  type ProviderContext,
  type ProviderError,
} from "@oss-ai-agent-tool/core";
import { gatewayError } from "../errors/gateway-error.js";
import type { ProviderHealthRegistry } from "../health/provider-health-registry.js";
import { withPassthroughOptions } from "../openai-api/index.js";
import type { PluginHost } from "../plugins/index.js";
import { chatResponseToEvents } from "./chat-response-to-events.js";
import {
  missingCapability,
  type RequiredCapability,
  requiredChatCapabilities,
} from "./required-capabilities.js";
import type { RouteTarget } from "./route-target.js";

/** The per-request context the router passes to every attempt. */
export interface RouteContext {
  /** Aborted when the client goes away. */
  signal: AbortSignal;
  /** Epoch ms bounding every retry and fallback together. */
  deadline: number;
  requestId: string;
  tenantId?: string;
}

/** One target the router tried or skipped, for logs and the `x-oaat-attempts` header. */
export interface AttemptRecord {
  provider: string;
  model?: string;
  /** Why the target was not called at all (circuit open, missing capability, provider unavailable). */
  skipped?: string;
  status?: number;
  code?: string;
}

/** A routed result and where it came from. */
export interface Routed<T> {
  value: T;
  target: RouteTarget;
  attempts: AttemptRecord[];
}

/** A stream whose first event has arrived; failures before it were already retried or fallen back from. */
export interface RoutedStream {
  target: RouteTarget;
  attempts: AttemptRecord[];
  /** Every event, the first included. */
  events: AsyncIterable<ChatStreamEvent>;
}

/** Whether a failure should move on to the next target rather than end the request. */
export function shouldFallBack(err: ProviderError): boolean {
  if (err.status === 499) return false;
  if (err.retryable) return true;
  // Another provider may well have what this one lacks: credentials, the model, a healthy plugin.
  return err.status === 401 || err.status === 403 || err.status === 404 || err.status === 503;
}

type Attempt<T> = (
  provider: ModelProvider,
  target: RouteTarget,
  ctx: ProviderContext,
) => Promise<{ value: T; settle?: "deferred" }>;

interface RunSpec {
  needs: readonly RequiredCapability[];
  operation: string;
}

/**
 * Sends a request to its targets in order: a retryable failure (or one a
 * different provider may not have) moves on to the next target, within one
 * deadline for everything. Skips providers whose circuit is open or that lack
 * a capability the request needs. Each outcome feeds the provider's breaker
 * and error rate.
 */
export class Router {
  readonly #host: PluginHost;
  readonly #health: ProviderHealthRegistry;
  readonly #logger: Logger;

  constructor(deps: { host: PluginHost; health: ProviderHealthRegistry; logger: Logger }) {
    this.#host = deps.host;
    this.#health = deps.health;
    this.#logger = deps.logger;
  }

  /** A whole chat reply, with fallback. */
  chat(
    targets: readonly RouteTarget[],
    req: ChatRequest,
    ctx: RouteContext,
    passthrough?: Record<string, unknown>,
  ): Promise<Routed<ChatResponse>> {
    return this.#run(
      targets,
      ctx,
      { needs: requiredChatCapabilities(req), operation: "chat" },
      async (p, t, pctx) => ({
        value: await p.chat(requestFor(req, t, passthrough), pctx),
      }),
    );
  }

  /**
   * Opens a stream and waits for its first event, falling back while nothing
   * has reached the client. A provider without streaming answers whole and
   * its reply is replayed as events.
   */
  async stream(
    targets: readonly RouteTarget[],
    req: ChatRequest,
    ctx: RouteContext,
    passthrough?: Record<string, unknown>,
  ): Promise<RoutedStream> {
    const routed = await this.#run(
      targets,
      ctx,
      { needs: requiredChatCapabilities(req), operation: "stream" },
      async (provider, target, pctx) => {
        const request = requestFor(req, target, passthrough);
        if (!provider.stream || !provider.capabilities.stream) {
          const res = await provider.chat(request, pctx);
          return {
            value: toAsync(chatResponseToEvents(res))[Symbol.asyncIterator](),
            settle: "deferred",
          };
        }
        const iterator = provider.stream(request, pctx)[Symbol.asyncIterator]();
        const first = await iterator.next();
        return { value: prepend(first, iterator), settle: "deferred" };
      },
    );
    const id = routed.target.provider;
    return {
      target: routed.target,
      attempts: routed.attempts,
      events: this.#settleOnEnd(id, routed.value),
    };
  }

  /** Embeddings, with fallback among targets that declare the capability. */
  embed(
    targets: readonly RouteTarget[],
    req: EmbedRequest,
    ctx: RouteContext,
  ): Promise<Routed<EmbedResponse>> {
    return this.#run(
      targets,
      ctx,
      { needs: ["embeddings"], operation: "embed" },
      async (p, t, pctx) => {
        if (!p.embed) {
          throw gatewayError(400, "unsupported_operation", `provider "${p.id}" has no embeddings`, {
            provider: p.id,
          });
        }
        return {
          value: await p.embed(
            { ...req, ...(t.model !== undefined ? { model: t.model } : {}) },
            pctx,
          ),
        };
      },
    );
  }

  // The breaker and error rate learn how a stream ended only when it ends.
  async *#settleOnEnd(
    id: string,
    iterator: AsyncIterator<ChatStreamEvent>,
  ): AsyncGenerator<ChatStreamEvent> {
    let settled = false;
    try {
      for (;;) {
        const step = await iterator.next();
        if (step.done) break;
        yield step.value;
      }
      settled = true;
      this.#health.success(id);
    } catch (err) {
      settled = true;
      this.#health.failure(id, normalizeProviderError(id, err));
      throw err;
    } finally {
      if (!settled) {
        this.#health.neutral(id);
        await iterator.return?.();
      }
    }
  }

  async #run<T>(
    targets: readonly RouteTarget[],
    ctx: RouteContext,
    spec: RunSpec,
    attempt: Attempt<T>,
  ): Promise<Routed<T>> {
    const attempts: AttemptRecord[] = [];
    const errors: ProviderError[] = [];
    let circuitWaitMs: number | undefined;
    for (const target of targets) {
      if (ctx.signal.aborted) break;
      if (Date.now() >= ctx.deadline) break;
      const record = this.#host.get(target.provider);
      const base: AttemptRecord = {
        provider: target.provider,
        ...(target.model ? { model: target.model } : {}),
      };
      const lacking = record?.manifest ? missingCapability(record.manifest, spec.needs) : undefined;
      if (lacking) {
        attempts.push({ ...base, skipped: `no ${lacking} capability` });
        continue;
      }
      let provider: ModelProvider;
      try {
        provider = await this.#host.provider(target.provider);
      } catch (err) {
        const e = normalizeProviderError(target.provider, err);
        attempts.push({ ...base, skipped: e.code ?? "unavailable", status: e.status });
        errors.push(e);
        continue;
      }
      const health = this.#health.for(target.provider);
      if (!health.breaker.tryAcquire()) {
        const wait = health.breaker.retryAfterMs();
        circuitWaitMs = circuitWaitMs === undefined ? wait : Math.min(circuitWaitMs, wait);
        attempts.push({ ...base, skipped: "circuit_open" });
        continue;
      }
      const pctx: ProviderContext = {
        signal: ctx.signal,
        deadline: ctx.deadline,
        requestId: ctx.requestId,
        ...(ctx.tenantId !== undefined ? { tenantId: ctx.tenantId } : {}),
      };
      try {
        const out = await attempt(provider, target, pctx);
        if (out.settle !== "deferred") this.#health.success(target.provider);
        attempts.push(base);
        return { value: out.value, target, attempts };
      } catch (err) {
        const e = normalizeProviderError(target.provider, err);
        this.#health.failure(target.provider, e);
        attempts.push({ ...base, status: e.status, ...(e.code ? { code: e.code } : {}) });
        errors.push(e);
        if (!shouldFallBack(e)) break;
        this.#logger.warn(
          {
            requestId: ctx.requestId,
            provider: target.provider,
            status: e.status,
            code: e.code,
            operation: spec.operation,
          },
          "target failed; trying the next one",
        );
      }
    }
    throw finalError(errors, attempts, ctx, spec, circuitWaitMs);
  }
}

function finalError(
  errors: readonly ProviderError[],
  attempts: readonly AttemptRecord[],
  ctx: RouteContext,
  spec: RunSpec,
  circuitWaitMs: number | undefined,
): ProviderError {
  const last = errors.at(-1);
  if (ctx.signal.aborted && (last === undefined || last.status === 499)) {
    return last ?? gatewayError(499, "aborted", "the client closed the request");
  }
  if (last === undefined) {
    if (circuitWaitMs !== undefined) {
      return gatewayError(
        503,
        "circuit_open",
        "every target's circuit breaker is open; try again later",
        {
          retryable: true,
          retryAfterMs: Math.max(1, Math.ceil(circuitWaitMs)),
        },
      );
    }
    if (attempts.length > 0 && attempts.every((a) => a.skipped?.startsWith("no "))) {
      const what = attempts.map((a) => `${a.provider}: ${a.skipped}`).join("; ");
      return gatewayError(
        400,
        "unsupported_capability",
        `no target can serve this ${spec.operation} request (${what})`,
      );
    }
    return gatewayError(
      504,
      "deadline_exceeded",
      "the request deadline passed before any target answered",
      {
        retryable: true,
      },
    );
  }
  if (attempts.length <= 1) return last;
  const summary = attempts
    .map(
      (a) =>
        `${a.provider}${a.model ? `/${a.model}` : ""}: ${a.skipped ?? `${a.status ?? "?"} ${a.code ?? ""}`.trim()}`,
    )
    .join("; ");
  return gatewayError(
    last.status,
    last.code ?? "upstream_error",
    `${last.message} (targets tried: ${summary})`,
    {
      provider: last.provider,
      retryable: last.retryable,
      ...(last.retryAfterMs !== undefined ? { retryAfterMs: last.retryAfterMs } : {}),
      cause: last,
    },
  );
}

function requestFor(
  req: ChatRequest,
  target: RouteTarget,
  passthrough?: Record<string, unknown>,
): ChatRequest {
  const out: ChatRequest = { ...req };
  if (target.model !== undefined) out.model = target.model;
  else delete out.model;
  return passthrough ? withPassthroughOptions(out, target.provider, passthrough) : out;
}

async function* toAsync<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}

function prepend<T>(first: IteratorResult<T>, rest: AsyncIterator<T>): AsyncIterator<T> {
  let pending: IteratorResult<T> | undefined = first;
  return {
    next: () => {
      if (pending !== undefined) {
        const out = pending;
        pending = undefined;
        return Promise.resolve(out);
      }
      return rest.next();
    },
    return: async (value?: unknown) => {
      pending = undefined;
      return (await rest.return?.(value)) ?? { done: true, value: undefined };
    },
  };
}
