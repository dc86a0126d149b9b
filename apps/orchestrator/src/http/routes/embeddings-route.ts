import type { FastifyInstance } from "fastify";
import type { Gateway } from "../../gateway/create-gateway.js";
import { fromOpenAIEmbeddingsRequest, toOpenAIEmbeddingsResponse } from "../../openai-api/index.js";
import { resolveModelTargets } from "../../routing/resolve-model-targets.js";
import { reportedModel, routingHeaders } from "../reported-model.js";
import { createRequestScope } from "../route-context.js";
import { sendRequestError } from "../send-error.js";

/** `POST /v1/embeddings`: OpenAI's embeddings API, float or base64 as the client asks. */
export function registerEmbeddingsRoute(app: FastifyInstance, gateway: Gateway): void {
  const { deadlineMs } = gateway.config.routing;
  app.post("/v1/embeddings", { config: { auth: true } }, async (request, reply) => {
    const parsed = fromOpenAIEmbeddingsRequest(request.body);
    if (!parsed.ok) return sendRequestError(reply, parsed.error);
    const { model, request: embed, encodingFormat } = parsed.value;
    const targets = resolveModelTargets(model, gateway.routing);
    const scope = createRequestScope(request, reply, deadlineMs);
    const routed = await gateway.router.embed(targets, embed, scope.ctx);
    reply.headers(routingHeaders(routed.target, routed.attempts.length));
    return toOpenAIEmbeddingsResponse(routed.value, {
      model: reportedModel(gateway, routed.target, routed.value.model),
      encodingFormat,
    });
  });
}
