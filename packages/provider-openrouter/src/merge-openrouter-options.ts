import type { ChatRequest } from "@oss-ai-agent-tool/core";
import type { OpenRouterRequestDefaults } from "./openrouter-settings.js";

type Options = { [key: string]: unknown };

// Objects whose keys are independent choices: a request that sets `order`
// should keep a default `data_collection`, so these merge key by key.
const MERGED_OBJECTS = new Set(["provider", "reasoning", "usage"]);

function isPlainObject(value: unknown): value is Options {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The OpenRouter-specific body fields for one request: the settings'
 * `defaults` overlaid with the request's `providerOptions.openrouter`. The
 * request wins; `provider`, `reasoning` and `usage` merge key by key, every
 * other field is replaced whole. Returns `undefined` when both are empty.
 * Pure.
 */
export function mergeOpenRouterOptions(
  defaults: OpenRouterRequestDefaults | undefined,
  request: Options | undefined,
): Options | undefined {
  // Built with Object.fromEntries (data properties), so a client's "__proto__" key stays a key.
  const merged = new Map<string, unknown>(Object.entries(defaults ?? {}));
  for (const [key, value] of Object.entries(request ?? {})) {
    const base = merged.get(key);
    merged.set(
      key,
      MERGED_OBJECTS.has(key) && isPlainObject(base) && isPlainObject(value)
        ? { ...base, ...value }
        : value,
    );
  }
  for (const [key, value] of merged) if (value === undefined) merged.delete(key);
  return merged.size > 0 ? Object.fromEntries(merged) : undefined;
}

/**
 * The request with its `providerOptions.openrouter` replaced by the merge of
 * `defaults` and its own, so that the OpenAI-compatible provider sends the
 * merged fields as body parameters. The request is not modified. Pure.
 */
export function withOpenRouterOptions(
  req: ChatRequest,
  id: string,
  defaults: OpenRouterRequestDefaults | undefined,
): ChatRequest {
  const merged = mergeOpenRouterOptions(defaults, req.providerOptions?.[id]);
  if (!merged) return req;
  return { ...req, providerOptions: { ...req.providerOptions, [id]: merged } };
}
