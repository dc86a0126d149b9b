import type { ProviderError } from "@oss-ai-agent-tool/core";
import { ROUTING_MODES } from "../config/index.js";
import { gatewayError } from "../errors/gateway-error.js";
import type { RouteTarget, RoutingTable } from "./route-target.js";

function notFound(message: string, model: string): ProviderError {
  return gatewayError(404, "model_not_found", message, { provider: model });
}

/** Splits `provider/model` at the first `/`, so `openrouter/anthropic/claude-3.5-sonnet` keeps its model path. */
export function splitModelAddress(
  address: string,
): { provider: string; model: string } | undefined {
  const slash = address.indexOf("/");
  if (slash <= 0 || slash === address.length - 1) return undefined;
  return { provider: address.slice(0, slash), model: address.slice(slash + 1) };
}

function addressTarget(address: string, table: RoutingTable): RouteTarget {
  const split = splitModelAddress(address);
  /* v8 ignore next -- config validation only lets provider/model addresses into aliases */
  if (!split) throw notFound(`"${address}" is not a provider/model address`, address);
  const provider = table.resolveProvider(split.provider);
  if (provider === undefined) {
    throw notFound(`unknown provider "${split.provider}" in model "${address}"`, address);
  }
  return { provider, model: split.model };
}

/** The providers of a routing mode, in priority order, each with its default model. */
export function resolveRouteTargets(mode: string, table: RoutingTable): RouteTarget[] {
  const list = table.priority[mode];
  if (!list || list.length === 0) {
    throw gatewayError(
      400,
      "invalid_routing",
      `routing mode "${mode}" has no providers: set providers.routingPriority.${mode}`,
    );
  }
  const targets = list.flatMap((name) => {
    const provider = table.resolveProvider(name);
    return provider === undefined ? [] : [{ provider }];
  });
  // With no target the router would try nothing and report a misleading
  // "deadline passed"; this happens when every listed plugin is broken.
  if (targets.length === 0) {
    throw gatewayError(
      503,
      "no_provider_available",
      `routing mode "${mode}": none of its providers (${list.map((n) => `"${n}"`).join(", ")}) is installed and usable`,
    );
  }
  return targets;
}

/**
 * Turns the `model` a client sent into the ordered targets to try:
 * 1. a `routing.aliases` name → its targets;
 * 2. `provider/model` (split at the first `/`) → that provider;
 * 3. a routing mode (`balanced`, `high_quality`, `low_cost`) with a priority list → its providers;
 * 4. a bare model name → the default provider.
 *
 * @throws {ProviderError} 404 `model_not_found` naming the unknown provider, or when no default exists.
 */
export function resolveModelTargets(model: string, table: RoutingTable): RouteTarget[] {
  const alias = table.aliases[model];
  if (alias !== undefined) return alias.map((a) => addressTarget(a, table));
  if (model.includes("/")) return [addressTarget(model, table)];
  if ((ROUTING_MODES as readonly string[]).includes(model) && table.priority[model]?.length) {
    return resolveRouteTargets(model, table);
  }
  const provider = table.defaultProvider();
  if (provider === undefined) {
    throw notFound(
      `model "${model}" names no provider and there is no default provider: use "provider/model" (see GET /v1/models)`,
      model,
    );
  }
  return [{ provider, model }];
}
