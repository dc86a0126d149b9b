import type { ChatRequest } from "@oss-ai-agent-tool/core";
import type { AnthropicApiVersion } from "./anthropic-capabilities.js";
import type { AnthropicChatOptions } from "./read-anthropic-provider-options.js";

/** A request parameter some Anthropic API version does not take, by its wire name. */
export type AnthropicUnsupportedParameter = "temperature" | "top_p" | "top_k" | "seed";

/** Whether an API version still takes `temperature`, `top_p` and `top_k`. */
export function acceptsSamplingParameters(version: AnthropicApiVersion): boolean {
  return version === "2023-06-01";
}

/**
 * The parameters of a request that the API version would reject or has no
 * field for, whatever their value: API version 2026-10-21 answers
 * `temperature`, `top_p` and `top_k` with a 400 (even at their defaults), and
 * Anthropic has never had `seed`. Pure.
 */
export function findUnsupportedParameters(
  req: ChatRequest,
  options: AnthropicChatOptions,
  version: AnthropicApiVersion,
): AnthropicUnsupportedParameter[] {
  const found: AnthropicUnsupportedParameter[] = [];
  if (!acceptsSamplingParameters(version)) {
    if (req.temperature !== undefined) found.push("temperature");
    if (req.topP !== undefined) found.push("top_p");
    if (options.top_k !== undefined) found.push("top_k");
  }
  if (req.seed !== undefined) found.push("seed");
  return found;
}
