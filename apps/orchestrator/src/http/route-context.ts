import { abortedError } from "@oss-ai-agent-tool/core";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { RouteContext } from "../routing/router.js";

/** A request's router context and the means to abort it from the server side (drain). */
export interface RequestScope {
  ctx: RouteContext;
  /** Aborts the upstream call(s) of this request. */
  abort(reason: string): void;
}

/**
 * The router context of one request: an abort signal that fires when the
 * client goes away before the response is finished, and the one deadline
 * that bounds every retry and fallback.
 */
export function createRequestScope(
  request: FastifyRequest,
  reply: FastifyReply,
  deadlineMs: number,
): RequestScope {
  const controller = new AbortController();
  // The response's `close` fires both when it finished and when the socket
  // died; only the second is a client abort. (`request.raw` closes as soon as
  // the body has been read, so it cannot tell.)
  reply.raw.once("close", () => {
    if (!reply.raw.writableFinished)
      controller.abort(abortedError("gateway", "client disconnected"));
  });
  return {
    ctx: {
      signal: controller.signal,
      deadline: Date.now() + deadlineMs,
      requestId: request.id,
      ...(request.tenant ? { tenantId: request.tenant.tenant } : {}),
    },
    abort: (reason) => controller.abort(abortedError("gateway", reason)),
  };
}
