import { normalizeProviderError } from "@oss-ai-agent-tool/core";
import type { FastifyInstance } from "fastify";
import type { Gateway } from "../../gateway/create-gateway.js";
import {
  encodeSseError,
  fromOpenAIChatRequest,
  OpenAIChunkEncoder,
  providerErrorToOpenAI,
  toOpenAIChatCompletion,
  toOpenAIErrorBody,
} from "../../openai-api/index.js";
import { resolveModelTargets } from "../../routing/resolve-model-targets.js";
import { reportedModel, routingHeaders } from "../reported-model.js";
import { createRequestScope } from "../route-context.js";
import { sendRequestError } from "../send-error.js";
import type { StreamTracker } from "../stream-tracker.js";
import { SSE_HEADERS, writeChunk } from "../write-sse.js";

/**
 * `POST /v1/chat/completions`: OpenAI's chat API over every provider. With
 * `stream: true` the reply is OpenAI's chunk SSE ending in `data: [DONE]`;
 * a failure before the first event falls back or answers with a JSON error,
 * a failure after it ends the stream with an error event.
 */
export function registerChatCompletionsRoute(
  app: FastifyInstance,
  gateway: Gateway,
  streams: StreamTracker,
): void {
  const limits = {
    maxMessages: gateway.config.limits.maxMessages,
    maxContentChars: gateway.config.limits.maxContentChars,
  };
  const deadlineMs = gateway.config.routing.deadlineMs;

  app.post("/v1/chat/completions", { config: { auth: true } }, async (request, reply) => {
    const parsed = fromOpenAIChatRequest(request.body, limits);
    if (!parsed.ok) return sendRequestError(reply, parsed.error);
    const { model, request: chat, stream, includeUsage, passthrough } = parsed.value;
    const targets = resolveModelTargets(model, gateway.routing);
    const scope = createRequestScope(request, reply, deadlineMs);
    const created = Math.floor(Date.now() / 1000);

    if (!stream) {
      const routed = await gateway.router.chat(targets, chat, scope.ctx, passthrough);
      reply.headers(routingHeaders(routed.target, routed.attempts.length));
      return toOpenAIChatCompletion(routed.value, {
        model: reportedModel(gateway, routed.target, routed.value.model),
        created,
        id: `chatcmpl-${request.id}`,
      });
    }

    // Until the first event arrives nothing is written, so failures still fall back or become a JSON error.
    const routed = await gateway.router.stream(targets, chat, scope.ctx, passthrough);
    const res = reply.raw;
    reply.hijack();
    res.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      ...SSE_HEADERS,
      ...routingHeaders(routed.target, routed.attempts.length),
    });
    const encoder = new OpenAIChunkEncoder({
      id: `chatcmpl-${request.id}`,
      model: reportedModel(gateway, routed.target),
      created,
      includeUsage,
    });
    let endedEarly: string | undefined;
    const untrack = streams.add({
      end(reason) {
        endedEarly = reason;
        scope.abort(reason);
      },
    });
    try {
      for await (const event of routed.events) {
        const text = encoder.encode(event);
        if (text !== "") await writeChunk(res, text);
        if (res.destroyed) break;
      }
    } catch (err) {
      const error = normalizeProviderError(routed.target.provider, err);
      if (!res.destroyed) {
        const body =
          endedEarly !== undefined
            ? toOpenAIErrorBody(503, endedEarly, "shutting_down")
            : providerErrorToOpenAI(error).body;
        res.write(encodeSseError(body));
      }
      // A client that leaves mid-stream is routine; an upstream failure mid-stream is not.
      const level = error.status === 499 && endedEarly === undefined ? "debug" : "warn";
      request.log[level](
        { err: error, provider: routed.target.provider },
        "stream failed after it began",
      );
    } finally {
      untrack();
      if (!res.writableEnded) res.end();
      request.log.info(
        {
          method: request.method,
          url: request.url,
          status: 200,
          ms: Math.round(reply.elapsedTime),
          stream: true,
        },
        "request completed",
      );
    }
    return reply;
  });
}
