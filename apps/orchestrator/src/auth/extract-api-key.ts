/** Request headers as Node and Fastify hand them over: names already lowercased. */
export type IncomingHeaders = Record<string, string | string[] | undefined>;

// Keys are opaque tokens without spaces; anything else after "Bearer" is not a key.
const BEARER = /^bearer[ \t]+(\S+)[ \t]*$/i;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The API key a client presented: `Authorization: Bearer <key>` (what the
 * official OpenAI clients send; the scheme is case-insensitive), else
 * `x-api-key` (what Anthropic-style clients send). `undefined` when neither
 * carries a non-empty key.
 *
 * Header names are looked up in lowercase, as Node delivers them, so the
 * lookup is O(1) instead of a scan of every header.
 */
export function extractApiKey(headers: IncomingHeaders): string | undefined {
  const authorization = first(headers.authorization);
  if (authorization !== undefined) {
    const match = BEARER.exec(authorization);
    if (match) return match[1];
  }
  const apiKey = first(headers["x-api-key"])?.trim();
  return apiKey ? apiKey : undefined;
}
