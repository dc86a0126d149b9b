import type { ChatRequest } from "@oss-ai-agent-tool/core";
import { acceptsSamplingParameters } from "./is-openai-reasoning-model.js";

/**
 * Body parameters OpenAI's reasoning models reject with a 400
 * ("Unsupported parameter" / "Only the default (1) value is supported").
 */
export const REASONING_UNSUPPORTED_PARAMETERS = [
  "temperature",
  "top_p",
  "frequency_penalty",
  "presence_penalty",
  "logit_bias",
  "logprobs",
  "top_logprobs",
] as const;

/** A body parameter a reasoning model rejects, by its wire name. */
export type UnsupportedParameter = (typeof REASONING_UNSUPPORTED_PARAMETERS)[number];

// GPT-5.1 and later take these again once reasoning_effort is "none".
const ALLOWED_WITHOUT_REASONING = new Set<UnsupportedParameter>([
  "temperature",
  "top_p",
  "logprobs",
  "top_logprobs",
]);

/**
 * The parameters of a request that a reasoning model would reject, looked up
 * in the contract fields (`temperature`, `topP`) and in the extra body
 * parameters (`providerOptions`), whatever their value. Empty when
 * `reasoning` is false. Pure.
 */
export function findUnsupportedParameters(
  req: ChatRequest,
  model: string,
  reasoning: boolean,
  extra: { [key: string]: unknown } = {},
): UnsupportedParameter[] {
  if (!reasoning) return [];
  const effortNone = acceptsSamplingParameters(model, extra.reasoning_effort);
  const present = (name: UnsupportedParameter): boolean =>
    extra[name] != null ||
    (name === "temperature" && req.temperature !== undefined) ||
    (name === "top_p" && req.topP !== undefined);
  return REASONING_UNSUPPORTED_PARAMETERS.filter(
    (name) => present(name) && !(effortNone && ALLOWED_WITHOUT_REASONING.has(name)),
  );
}
