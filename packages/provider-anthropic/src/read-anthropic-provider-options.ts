import { readProviderOptions } from "@oss-ai-agent-tool/core";
import { z } from "zod";
import { ANTHROPIC_PROVIDER_ID } from "./anthropic-capabilities.js";

const display = z.enum(["summarized", "omitted"]).nullable().optional();

/** Anthropic's `thinking` parameter, in its wire shape. */
const thinkingSchema = z.discriminatedUnion("type", [
  z
    .object({ type: z.literal("enabled"), budget_tokens: z.number().int().min(1), display })
    .strict(),
  z.object({ type: z.literal("adaptive"), display }).strict(),
  z.object({ type: z.literal("disabled") }).strict(),
  z.object({ type: z.literal("between_tools") }).strict(),
]);

/**
 * The Anthropic request fields the contract has no name for, under their
 * wire names. Other keys of `providerOptions.anthropic` are ignored, as other
 * providers' options are.
 */
const anthropicChatOptionsSchema = z
  .object({
    /** Extended thinking, e.g. `{ type: "enabled", budget_tokens: 2048 }` or `{ type: "adaptive" }`. */
    thinking: thinkingSchema,
    /** Sent only with `anthropicVersion: 2023-06-01`; API version 2026-10-21 removed it. */
    top_k: z.number().int().min(0),
    disable_parallel_tool_use: z.boolean(),
    service_tier: z.enum(["auto", "standard_only"]),
    /** `output_config.effort`. */
    effort: z.enum(["low", "medium", "high", "xhigh", "max"]),
    /** Top-level automatic prompt caching: marks the last cacheable block. */
    cache_control: z
      .object({ type: z.literal("ephemeral"), ttl: z.enum(["5m", "1h"]).optional() })
      .strict(),
  })
  .partial();

/** Anthropic chat fields a request may set through `providerOptions.anthropic`. */
export type AnthropicChatOptions = z.output<typeof anthropicChatOptionsSchema>;

/**
 * Reads `providerOptions.anthropic`, accepting the wire's snake_case
 * (`budget_tokens` inside `thinking` stays as Anthropic spells it) and
 * camelCase top-level keys (`topK`). Pure.
 *
 * @throws {ProviderError} 400 `invalid_provider_options` naming the bad field.
 */
export function readAnthropicChatOptions(
  raw: { [key: string]: unknown } | undefined,
): AnthropicChatOptions {
  return readProviderOptions(ANTHROPIC_PROVIDER_ID, anthropicChatOptionsSchema, raw, {
    keyCase: "snake",
  });
}
