/**
 * Real OpenAI chat parameters that have no provider-neutral meaning. They are
 * accepted and handed, raw, to whichever provider serves the request (as its
 * `providerOptions`), so a client's setting is never silently dropped:
 * OpenAI-wire providers forward them, others ignore what they cannot map.
 *
 * The list follows `ChatCompletionCreateParams` of the official SDK (v6); a
 * type test fails when the SDK grows a parameter this module does not place.
 * Beyond the gateway's original list it holds `audio`, `moderation`,
 * `prompt_cache_key`, `prompt_cache_options`, `prompt_cache_retention`,
 * `safety_identifier` and `web_search_options`: rejecting those would break
 * current SDK users for no benefit.
 */
export const OPENAI_PASSTHROUGH_PARAMS = [
  "frequency_penalty",
  "presence_penalty",
  "logit_bias",
  "logprobs",
  "top_logprobs",
  "parallel_tool_calls",
  "reasoning_effort",
  "service_tier",
  "metadata",
  "store",
  "verbosity",
  "prediction",
  "modalities",
  "audio",
  "moderation",
  "prompt_cache_key",
  "prompt_cache_options",
  "prompt_cache_retention",
  "safety_identifier",
  "web_search_options",
] as const;

/** One of {@link OPENAI_PASSTHROUGH_PARAMS}. */
export type OpenAIPassthroughParam = (typeof OPENAI_PASSTHROUGH_PARAMS)[number];
