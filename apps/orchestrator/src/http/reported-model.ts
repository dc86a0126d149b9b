import type { Gateway } from "../gateway/create-gateway.js";
import type { RouteTarget } from "../routing/route-target.js";

/**
 * The model id reported to the client, as `provider/model`, so the client can
 * see which target answered (after a fallback it differs from the request).
 * Prefers the model the provider reported, then the target's, then the
 * provider's configured default.
 */
export function reportedModel(gateway: Gateway, target: RouteTarget, actual?: string): string {
  const record = gateway.host.get(target.provider);
  const fallback = record?.settings.defaultModel ?? record?.manifest?.defaultModel;
  const model = actual || target.model || (typeof fallback === "string" ? fallback : "default");
  return `${target.provider}/${model}`;
}

/** Response headers that say where a routed request went. */
export function routingHeaders(target: RouteTarget, attempts: number): Record<string, string> {
  return { "x-oaat-provider": target.provider, "x-oaat-attempts": String(attempts) };
}
