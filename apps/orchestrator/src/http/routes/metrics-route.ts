import type { FastifyInstance } from "fastify";
import type { Gateway } from "../../gateway/create-gateway.js";

/** `/metrics`: the app registry in Prometheus text format, `provider_*` series included. */
export function registerMetricsRoute(app: FastifyInstance, gateway: Gateway): void {
  app.get("/metrics", async (_request, reply) => {
    const text = await gateway.registry.metrics();
    return reply.type(gateway.registry.contentType).send(text);
  });
}
