import type { AuthenticatedKey } from "../auth/index.js";

declare module "fastify" {
  interface FastifyRequest {
    /** The authenticated API key's identity; undefined when auth is off. */
    tenant?: AuthenticatedKey;
  }
  interface FastifyContextConfig {
    /** Whether the route requires an API key when keys are configured. */
    auth?: boolean;
  }
}
