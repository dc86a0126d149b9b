import { randomUUID } from "node:crypto";
import { isProviderError } from "@oss-ai-agent-tool/core";
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from "fastify";
import { extractApiKey } from "../auth/index.js";
import type { Gateway } from "../gateway/create-gateway.js";
import { toOpenAIErrorBody } from "../openai-api/index.js";
import "./fastify-augment.js";
import { registerChatCompletionsRoute } from "./routes/chat-completions-route.js";
import { registerEmbeddingsRoute } from "./routes/embeddings-route.js";
import { registerHealthRoutes } from "./routes/health-routes.js";
import { registerMetricsRoute } from "./routes/metrics-route.js";
import { registerModelsRoute } from "./routes/models-route.js";
import { registerNativeChatRoute } from "./routes/native-chat-route.js";
import { sendProviderError } from "./send-error.js";
import { StreamTracker } from "./stream-tracker.js";

/** What {@link buildServer} returns besides the Fastify instance. */
export interface GatewayServer {
  app: FastifyInstance;
  /** In-flight streams, ended cleanly when draining runs out of time. */
  streams: StreamTracker;
  /** Flips readiness to 503 and refuses new work. */
  startDraining(): void;
  readonly draining: boolean;
}

// Accept a caller's request id only when it is short and plain, so it is safe in logs and headers.
const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** A request the router refused before routing (a malformed URL), answered in OpenAI's shape. */
function sendFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const status = error.statusCode !== undefined && error.statusCode >= 400 ? error.statusCode : 400;
  reply
    .code(status)
    .header("x-request-id", request.id)
    .send(toOpenAIErrorBody(status, error.message, error.code ?? "invalid_request", null));
}

/**
 * Builds the HTTP server (Fastify 5): the OpenAI-compatible API, the seed's
 * native `/chat`, health, readiness and metrics. Every error leaves in
 * OpenAI's `{ error: { message, type, code, param } }` shape; a client
 * mistake is never a 500.
 */
export function buildServer(gateway: Gateway): GatewayServer {
  const { config, logger } = gateway;
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: config.limits.bodyLimitBytes,
    trustProxy: config.server.trustProxy,
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers["x-request-id"];
      return typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // Completed requests are logged once by the onResponse hook below, with tenant and timing.
    logController: new LogController({ disableRequestLogging: true }),
    // The router refuses a malformed URL (bad percent-encoding) before any hook or error
    // handler runs; without this it would leave in Fastify's own error shape, not OpenAI's.
    frameworkErrors: (error, request, reply) =>
      sendFrameworkError(error, request as FastifyRequest, reply as FastifyReply),
    return503OnClosing: true,
    forceCloseConnections: "idle",
    // A JSON body that sets __proto__ or constructor.prototype is an attack, never a chat request.
    onProtoPoisoning: "error",
    onConstructorPoisoning: "error",
  });
  // Every body this API takes is JSON. Fastify's built-in text/plain parser would hand a
  // JSON text sent as text/plain to the routes as a string, answered with a puzzling
  // "body: expected an object"; without it such a body gets the 415 that names the fix.
  app.removeContentTypeParser("text/plain");
  const streams = new StreamTracker();
  let draining = false;

  app.addHook("onRequest", async (request, reply) => {
    reply.header("x-request-id", request.id);
    if (draining && request.routeOptions.config.auth) {
      reply.header("connection", "close");
      return reply
        .code(503)
        .send(
          toOpenAIErrorBody(
            503,
            "the gateway is shutting down; retry on another instance",
            "shutting_down",
            null,
          ),
        );
    }
    if (!request.routeOptions.config.auth || !gateway.auth.enabled) return undefined;
    const identity = await gateway.auth.authenticate(extractApiKey(request.headers));
    if (identity === undefined) {
      return reply
        .code(401)
        .send(
          toOpenAIErrorBody(
            401,
            "missing or invalid API key: send it as `Authorization: Bearer <key>`",
            "invalid_api_key",
            null,
          ),
        );
    }
    request.tenant = identity;
    if (identity.rateLimitPerMinute !== undefined) {
      const decision = await gateway.rateLimits.consume(
        identity.keyId,
        identity.rateLimitPerMinute,
      );
      reply.header("x-ratelimit-limit-requests", decision.limit);
      reply.header("x-ratelimit-remaining-requests", decision.remaining);
      if (!decision.allowed) {
        reply.header("retry-after", Math.max(1, Math.ceil(decision.retryAfterMs / 1000)));
        return reply
          .code(429)
          .send(
            toOpenAIErrorBody(
              429,
              `rate limit of ${decision.limit} requests per minute reached for this API key`,
              "rate_limit_exceeded",
              null,
            ),
          );
      }
    }
    return undefined;
  });

  app.addHook("onResponse", async (request, reply) => {
    const level = reply.statusCode >= 500 ? "error" : reply.statusCode >= 400 ? "warn" : "info";
    request.log[level](
      {
        method: request.method,
        url: request.url,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
        ...(request.tenant ? { tenant: request.tenant.tenant, key: request.tenant.keyId } : {}),
      },
      "request completed",
    );
  });

  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send(
        toOpenAIErrorBody(
          404,
          `no route ${request.method} ${request.url.split("?")[0]}`,
          "not_found",
          null,
        ),
      ),
  );

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      const message =
        error.code === "FST_ERR_CTP_BODY_TOO_LARGE"
          ? `request body is larger than the limit of ${config.limits.bodyLimitBytes} bytes (limits.bodyLimitBytes)`
          : error.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE"
            ? `unsupported content-type "${request.headers["content-type"] ?? ""}": send application/json`
            : error.message;
      return reply
        .code(status)
        .send(toOpenAIErrorBody(status, message, error.code ?? "invalid_request", null));
    }
    // Routing and upstream failures are expected traffic, logged once as a
    // warning by onResponse; a stack trace is kept for the gateway's own bugs.
    if (isProviderError(error) && error.status < 500) {
      request.log.debug({ err: error }, "request refused");
    } else if (isProviderError(error)) {
      request.log.warn(
        { code: error.code, status: error.status, provider: error.provider, reason: error.message },
        "request failed",
      );
    } else {
      request.log.error({ err: error }, "request failed");
    }
    return sendProviderError(reply, error);
  });

  registerHealthRoutes(app, gateway, { isDraining: () => draining });
  registerMetricsRoute(app, gateway);
  registerModelsRoute(app, gateway);
  registerChatCompletionsRoute(app, gateway, streams);
  registerEmbeddingsRoute(app, gateway);
  registerNativeChatRoute(app, gateway);

  return {
    app,
    streams,
    startDraining() {
      draining = true;
    },
    get draining() {
      return draining;
    },
  };
}
