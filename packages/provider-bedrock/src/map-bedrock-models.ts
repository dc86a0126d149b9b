import type { ModelInfo } from "@oss-ai-agent-tool/core";

const REGION_PREFIXES = new Set(["us", "eu", "apac", "global", "us-gov", "jp", "au", "ca"]);

/**
 * The model owner Bedrock ids start with: `anthropic` for
 * `anthropic.claude-...` and for an inference profile such as
 * `us.anthropic.claude-...`. `undefined` for an ARN or an id without one. Pure.
 */
export function bedrockModelOwner(id: string): string | undefined {
  if (id.startsWith("arn:")) return undefined;
  const parts = id.split(".");
  if (parts.length < 2) return undefined;
  const first = parts[0] ?? "";
  return REGION_PREFIXES.has(first) && parts.length > 2 ? parts[1] : first;
}

/**
 * The models `listModels()` reports: Bedrock's runtime API has no list, so
 * these are the configured ones, without duplicates, in order. Pure.
 */
export function mapBedrockModels(ids: readonly string[]): ModelInfo[] {
  return [...new Set(ids)].map((id) => {
    const owner = bedrockModelOwner(id);
    return owner ? { id, ownedBy: owner } : { id };
  });
}
