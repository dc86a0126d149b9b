/** The attribution settings that become headers. */
export interface OpenRouterAttribution {
  siteUrl?: string | undefined;
  appName?: string | undefined;
}

/**
 * OpenRouter's app-attribution headers: `HTTP-Referer` from `siteUrl`, and
 * the display name from `appName` as `X-Title` plus its newer spelling
 * `X-OpenRouter-Title`. Unset settings send nothing. Pure.
 */
export function buildOpenRouterHeaders(attribution: OpenRouterAttribution): Record<string, string> {
  const headers: Record<string, string> = {};
  if (attribution.siteUrl) headers["HTTP-Referer"] = attribution.siteUrl;
  if (attribution.appName) {
    headers["X-Title"] = attribution.appName;
    headers["X-OpenRouter-Title"] = attribution.appName;
  }
  return headers;
}
