import { ProviderError } from "@oss-ai-agent-tool/core";

/** The environment variable the official SDK reads the resource endpoint from. */
export const AZURE_OPENAI_ENDPOINT_ENV = "AZURE_OPENAI_ENDPOINT";

/** Where the base URL may come from, in order of precedence. */
export interface AzureBaseURLSources {
  /** `settings.baseURL`: the full API base, used as is. */
  baseURL?: string | undefined;
  /** `settings.endpoint`: the resource URL; `/openai` is appended. */
  endpoint?: string | undefined;
  /** The value of `AZURE_OPENAI_ENDPOINT`, a resource URL like `endpoint`. */
  envEndpoint?: string | undefined;
}

/**
 * The base URL the `AzureOpenAI` client gets, built the way the SDK builds it
 * from an endpoint (trailing slashes dropped, `/openai` appended). Computing
 * it here rather than passing `endpoint` keeps the SDK from falling back to
 * `OPENAI_BASE_URL`, which belongs to the OpenAI provider. Pure.
 *
 * @throws {ProviderError} 500 `missing_endpoint` when no source is set.
 */
export function resolveAzureBaseURL(provider: string, sources: AzureBaseURLSources): string {
  if (sources.baseURL) return sources.baseURL;
  const endpoint = sources.endpoint || sources.envEndpoint;
  if (endpoint) return `${endpoint.replace(/\/+$/, "")}/openai`;
  throw new ProviderError(
    `${provider}: no endpoint is configured: set providers.settings.${provider}.endpoint (https://<resource>.openai.azure.com) or environment variable ${AZURE_OPENAI_ENDPOINT_ENV}`,
    { status: 500, code: "missing_endpoint", provider, retryable: false },
  );
}
