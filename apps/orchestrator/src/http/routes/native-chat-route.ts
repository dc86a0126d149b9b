import type { FastifyInstance } from "fastify";
import { ROUTING_MODES } from "../../config/index.js";
import type { Gateway } from "../../gateway/create-gateway.js";
import { fromOpenAIChatRequest } from "../../openai-api/index.js";
import { resolveModelTargets, resolveRouteTargets } from "../../routing/resolve-model-targets.js";
import type { RouteTarget } from "../../routing/route-target.js";
import { routingHeaders } from "../reported-model.js";
import { createRequestScope } from "../route-context.js";
import { sendRequestError } from "../send-error.js";

const NATIVE_KEYS = ["provider", "routing"] as const;

function badRequest(message: string, param: string) {
  return { status: 400, message, param, code: "invalid_value" };
}

/**
 * `POST /chat`, the seed's native route: `{ provider?, model?, routing?,
 * messages, ...the chat-completions parameters }` →
 * `{ output, provider, model, usage, toolCalls?, finishReason, requestId }`.
 * `provider` pins one provider; otherwise `model` is resolved like on
 * `/v1/chat/completions`; otherwise `routing` (or `providers.defaultRoute`)
 * picks the providers in priority order.
 */
export function registerNativeChatRoute(app: FastifyInstance, gateway: Gateway): void {
  const limits = {
    maxMessages: gateway.config.limits.maxMessages,
    maxContentChars: gateway.config.limits.maxContentChars,
  };
  const { deadlineMs } = gateway.config.routing;

  app.post("/chat", { config: { auth: true } }, async (request, reply) => {
    const body = request.body;
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      return sendRequestError(reply, badRequest("request body must be a JSON object", ""));
    }
    const raw = body as Record<string, unknown>;
    const provider = raw.provider;
    const routing = raw.routing;
    const model = raw.model;
    if (provider !== undefined && (typeof provider !== "string" || provider === "")) {
      return sendRequestError(reply, badRequest("provider: expected a provider id", "provider"));
    }
    if (routing !== undefined && !(ROUTING_MODES as readonly unknown[]).includes(routing)) {
      return sendRequestError(
        reply,
        badRequest(
          `routing: expected one of ${ROUTING_MODES.map((m) => `"${m}"`).join(", ")}`,
          "routing",
        ),
      );
    }
    if (raw.stream === true) {
      return sendRequestError(
        reply,
        badRequest("stream: /chat answers whole; stream with POST /v1/chat/completions", "stream"),
      );
    }
    const rest: Record<string, unknown> = { ...raw };
    for (const key of NATIVE_KEYS) delete rest[key];
    // The chat-completions reader validates everything else; it requires a model, which /chat does not.
    if (rest.model === undefined) rest.model = "-";
    const parsed = fromOpenAIChatRequest(rest, limits);
    if (!parsed.ok) return sendRequestError(reply, parsed.error);

    let targets: RouteTarget[];
    if (typeof provider === "string") {
      const id = gateway.routing.resolveProvider(provider);
      if (id === undefined) {
        return reply.code(404).send({
          error: {
            message: `unknown provider "${provider}"`,
            type: "not_found_error",
            code: "provider_not_found",
            param: "provider",
          },
        });
      }
      targets = [{ provider: id, ...(typeof model === "string" ? { model } : {}) }];
    } else if (typeof model === "string") {
      targets = resolveModelTargets(model, gateway.routing);
    } else {
      const mode = typeof routing === "string" ? routing : gateway.config.providers.defaultRoute;
      const configured =
        gateway.config.providers.routingPriority[
          mode as keyof typeof gateway.config.providers.routingPriority
        ];
      const fallback = gateway.routing.defaultProvider();
      targets = configured?.length
        ? resolveRouteTargets(mode, gateway.routing)
        : fallback !== undefined
          ? [{ provider: fallback }]
          : resolveRouteTargets(mode, gateway.routing);
    }

    const scope = createRequestScope(request, reply, deadlineMs);
    const routed = await gateway.router.chat(
      targets,
      parsed.value.request,
      scope.ctx,
      parsed.value.passthrough,
    );
    reply.headers(routingHeaders(routed.target, routed.attempts.length));
    const res = routed.value;
    return {
      output: res.output,
      provider: res.provider,
      model: res.model,
      usage: res.usage ?? null,
      ...(res.toolCalls?.length ? { toolCalls: res.toolCalls } : {}),
      finishReason: res.finishReason,
      ...(res.reasoning ? { reasoning: res.reasoning } : {}),
      requestId: request.id,
    };
  });
}
