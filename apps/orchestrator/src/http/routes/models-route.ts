import type { FastifyInstance } from "fastify";
import type { Gateway } from "../../gateway/create-gateway.js";
import { ModelCatalog } from "../../models/model-catalog.js";
import { toOpenAIErrorBody, toOpenAIModelsList } from "../../openai-api/index.js";

/**
 * `GET /v1/models` and `GET /v1/models/{id}`: every addressable model as
 * `provider/model` (ids may contain further slashes), plus the aliases.
 */
export function registerModelsRoute(app: FastifyInstance, gateway: Gateway): void {
  const catalog = new ModelCatalog({
    host: gateway.host,
    aliases: gateway.routing.aliases,
    logger: gateway.logger,
  });
  const created = Math.floor(Date.now() / 1000);

  app.get("/v1/models", { config: { auth: true } }, async () =>
    toOpenAIModelsList(await catalog.list(), { created }),
  );

  app.get<{ Params: { "*": string } }>(
    "/v1/models/*",
    { config: { auth: true } },
    async (request, reply) => {
      // Fastify has already percent-decoded the wildcard (`%2F` included); decoding it
      // again would turn an id containing "%" into a 500 (URI malformed) or another id.
      const id = request.params["*"];
      const model = (await catalog.list()).find((m) => m.id === id);
      if (model === undefined) {
        return reply
          .code(404)
          .send(
            toOpenAIErrorBody(
              404,
              `model "${id}" does not exist (see GET /v1/models)`,
              "model_not_found",
              "model",
            ),
          );
      }
      return toOpenAIModelsList([model], { created }).data[0];
    },
  );
}
