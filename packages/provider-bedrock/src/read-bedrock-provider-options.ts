import { readProviderOptions } from "@oss-ai-agent-tool/core";
import { z } from "zod";
import { BEDROCK_PROVIDER_ID } from "./bedrock-settings.js";

/** The Converse request fields the contract has no name for. */
const bedrockChatOptionsSchema = z
  .object({
    /** Model-specific fields, e.g. Claude's `{ thinking: { type: "enabled", budget_tokens: 1024 } }`. */
    additionalModelRequestFields: z.record(z.string(), z.unknown()),
    additionalModelResponseFieldPaths: z.array(z.string()),
    guardrailConfig: z.object({
      guardrailIdentifier: z.string().min(1),
      guardrailVersion: z.string().min(1),
      trace: z.enum(["enabled", "disabled", "enabled_full"]).optional(),
      streamProcessingMode: z.enum(["sync", "async"]).optional(),
    }),
    performanceConfig: z.object({ latency: z.enum(["standard", "optimized"]) }),
    serviceTier: z.object({ type: z.enum(["priority", "default", "flex", "reserved"]) }),
    requestMetadata: z.record(z.string(), z.string()),
    /** `text` sends every tool result as text, for models that take no `json` blocks. */
    toolResults: z.enum(["auto", "text"]),
  })
  .partial();

/** Converse fields a request may set through `providerOptions.bedrock`. */
export type BedrockChatOptions = z.output<typeof bedrockChatOptionsSchema>;

const bedrockEmbedOptionsSchema = z
  .object({
    /** Titan v2: return a unit vector (the model's default is `true`). */
    normalize: z.boolean(),
  })
  .partial();

/** Titan embedding fields a request may set through `providerOptions.bedrock`. */
export type BedrockEmbedOptions = z.output<typeof bedrockEmbedOptionsSchema>;

/** Reads the chat fields of `providerOptions.bedrock`. Pure; throws a 400 on a bad value. */
export function readBedrockChatOptions(
  raw: { [key: string]: unknown } | undefined,
): BedrockChatOptions {
  return readProviderOptions(BEDROCK_PROVIDER_ID, bedrockChatOptionsSchema, raw);
}

/** Reads the embedding fields of `providerOptions.bedrock`. Pure; throws a 400 on a bad value. */
export function readBedrockEmbedOptions(
  raw: { [key: string]: unknown } | undefined,
): BedrockEmbedOptions {
  return readProviderOptions(BEDROCK_PROVIDER_ID, bedrockEmbedOptionsSchema, raw);
}
