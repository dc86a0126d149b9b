import {
  baseProviderSettingsSchema,
  invalidSettingsError,
  type ProviderError,
  parseProviderSettings,
} from "@oss-ai-agent-tool/core";
import { z } from "zod";

/** The provider id: the manifest's `id`, the metric label and the `providerOptions` key. */
export const BEDROCK_PROVIDER_ID = "bedrock";

/**
 * An AWS region name such as `us-east-1`, `eu-central-1` or `us-gov-west-1`.
 * Checked because the region becomes part of the endpoint host name.
 */
export const AWS_REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/**
 * Settings of the Bedrock provider (`providers.settings.bedrock`). The
 * manifest's `optionsSchema` in `package.json` is the same schema as static
 * JSON Schema; a test keeps the two in step.
 */
export const bedrockSettingsSchema = baseProviderSettingsSchema
  .extend({
    // Narrower than core's z.url(): the manifest can only say `^https?://`.
    /** The SDK's `endpoint`: a VPC endpoint, a proxy or a test double instead of the regional host. */
    baseURL: z.url({ protocol: /^https?$/, message: "must be an absolute http(s) URL" }).optional(),
    /** The AWS region; `AWS_REGION`, then `AWS_DEFAULT_REGION`, when unset. */
    region: z
      .string()
      .regex(AWS_REGION_PATTERN, { message: "must be an AWS region such as us-east-1" })
      .optional(),
    /** Model for `embed()` when the request names none. Default `amazon.titan-embed-text-v2:0`. */
    defaultEmbeddingModel: z.string().min(1).optional(),
    /** What `listModels()` reports: Bedrock's runtime API has no model list. */
    models: z.array(z.string().min(1)).optional(),
    /** Use the FIPS endpoint `bedrock-runtime-fips.<region>.amazonaws.com`. */
    useFipsEndpoint: z.boolean().optional(),
    /** Titan embeds one input per call; at most this many calls run at once. Default 4. */
    embedConcurrency: z.number().int().min(1).max(16).optional(),
  })
  .strict();

/** Validated settings of the Bedrock provider. */
export type BedrockSettings = z.output<typeof bedrockSettingsSchema>;

function invalidSettings(detail: string): ProviderError {
  return invalidSettingsError(BEDROCK_PROVIDER_ID, detail);
}

/**
 * Validates settings with {@link bedrockSettingsSchema}. The orchestrator has
 * checked them against the manifest already; this guards direct use of the
 * factory and fails with a message that names each bad field.
 *
 * @throws {ProviderError} status 500, code `invalid_settings`.
 */
export function parseBedrockSettings(settings: unknown): BedrockSettings {
  return parseProviderSettings(BEDROCK_PROVIDER_ID, bedrockSettingsSchema, settings);
}

/**
 * The region to call: `settings.region`, else the first of `AWS_REGION` and
 * `AWS_DEFAULT_REGION` that is set. Bedrock has no global endpoint, so there
 * is no default. Pure given `env`.
 *
 * @throws {ProviderError} status 500, code `invalid_settings`, naming every way to set it.
 */
export function resolveBedrockRegion(
  settings: Pick<BedrockSettings, "region">,
  env: Readonly<Record<string, string | undefined>>,
  envNames: readonly string[],
): string {
  if (settings.region) return settings.region;
  for (const name of envNames) {
    const value = env[name]?.trim();
    if (!value) continue;
    if (!AWS_REGION_PATTERN.test(value))
      throw invalidSettings(`${name}: must be an AWS region such as us-east-1 (got "${value}")`);
    return value;
  }
  throw invalidSettings(
    `no AWS region configured: set providers.settings.${BEDROCK_PROVIDER_ID}.region or the environment variable ${envNames.join(" or ")}`,
  );
}
