import {
  type FetchFunction,
  isProviderError,
  normalizeProviderError,
  ProviderError,
  parseRetryAfter,
  registerSecretValue,
} from "@oss-ai-agent-tool/core";
import { COGNITIVE_SERVICES_SCOPE, DEFAULT_ENTRA_AUTHORITY_HOST } from "./azure-openai-settings.js";
import type { AccessToken } from "./token-provider.js";

/** Options of {@link createEntraClientCredentialsFetcher}. */
export interface EntraClientCredentialsOptions {
  /** The provider id, for error messages. */
  provider: string;
  /** The egress fetch: the login host goes through the same policy as the API. */
  fetch: FetchFunction;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** Default `https://cognitiveservices.azure.com/.default`. */
  scope?: string | undefined;
  /** Default `https://login.microsoftonline.com`. */
  authorityHost?: string | undefined;
  /** Budget for one token request. Default 30 seconds. */
  timeoutMs?: number | undefined;
  /** The clock, in epoch milliseconds. Default `Date.now`. */
  now?: () => number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_DETAIL_LENGTH = 240;

interface TokenResponse {
  access_token?: unknown;
  expires_in?: unknown;
  error?: unknown;
  error_description?: unknown;
}

/** The token endpoint of a tenant (OAuth 2.0 v2). Pure. */
export function entraTokenUrl(tenantId: string, authorityHost?: string): string {
  const host = (authorityHost ?? DEFAULT_ENTRA_AUTHORITY_HOST).replace(/\/+$/, "");
  return `${host}/${encodeURIComponent(tenantId)}/oauth2/v2.0/token`;
}

/** The form body of a client-credentials token request. Pure. */
export function entraTokenRequestBody(
  clientId: string,
  clientSecret: string,
  scope: string = COGNITIVE_SERVICES_SCOPE,
): URLSearchParams {
  return new URLSearchParams({
    client_id: clientId,
    client_secret: clientSecret,
    scope,
    grant_type: "client_credentials",
  });
}

/**
 * Reads a token response into an {@link AccessToken}, or `undefined` when it
 * holds no usable token. `expires_in` is seconds from `receivedAtMs`; the
 * endpoint sends it as a number, older ones as a string. Pure.
 */
export function parseEntraTokenResponse(
  body: unknown,
  receivedAtMs: number,
): AccessToken | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const { access_token: token, expires_in: expiresIn } = body as TokenResponse;
  const seconds = typeof expiresIn === "string" ? Number(expiresIn) : expiresIn;
  if (typeof token !== "string" || token === "") return undefined;
  if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds <= 0) return undefined;
  return { token, expiresOnMs: receivedAtMs + seconds * 1000 };
}

/** `error: first line of error_description`, short: the description quotes trace ids. */
function describeFailure(body: unknown): string {
  if (typeof body !== "object" || body === null) return "no error details";
  const { error, error_description: description } = body as TokenResponse;
  const code = typeof error === "string" ? error : "error";
  if (typeof description !== "string" || description === "") return code;
  const first = description.split(/\r?\n/)[0] ?? "";
  const short =
    first.length > MAX_DETAIL_LENGTH ? `${first.slice(0, MAX_DETAIL_LENGTH)}...` : first;
  return `${code}: ${short}`;
}

function failure(provider: string, status: number, body: unknown, headers: Headers): ProviderError {
  const detail = `HTTP ${status} ${describeFailure(body)}`;
  // 400/401 mean bad tenant, client id, secret or scope: the operator must fix them.
  const rejected = status < 500 && status !== 408 && status !== 429;
  const retryAfterMs = parseRetryAfter(headers);
  return new ProviderError(`${provider}: Microsoft Entra ID token request failed (${detail})`, {
    status: rejected ? 401 : status,
    code: rejected ? "entra_auth_failed" : "entra_unavailable",
    provider,
    retryable: !rejected,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * A token fetcher for the OAuth 2.0 client-credentials flow against
 * Microsoft Entra ID: `POST {authorityHost}/{tenant}/oauth2/v2.0/token`
 * through the given (egress) fetch. Pair it with
 * `createCachingTokenProvider` so that it runs once per token lifetime.
 * Failures are `ProviderError`s: a rejected client (bad secret, tenant or
 * scope) is a non-retryable 401 `entra_auth_failed`; throttling, 5xx and
 * network failures are retryable.
 */
export function createEntraClientCredentialsFetcher(
  options: EntraClientCredentialsOptions,
): () => Promise<AccessToken> {
  const { provider } = options;
  const now = options.now ?? Date.now;
  const url = entraTokenUrl(options.tenantId, options.authorityHost);
  registerSecretValue(options.clientSecret);

  return async () => {
    let response: Response;
    let body: unknown;
    try {
      response = await options.fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          accept: "application/json",
        },
        body: entraTokenRequestBody(
          options.clientId,
          options.clientSecret,
          options.scope,
        ).toString(),
        signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      });
      body = await readJson(response);
    } catch (err) {
      if (isProviderError(err)) throw err;
      const normalized = normalizeProviderError(provider, err);
      throw new ProviderError(
        `${provider}: Microsoft Entra ID token request failed (${normalized.message.replace(`${provider}: `, "")})`,
        {
          status: normalized.status,
          ...(normalized.code !== undefined ? { code: normalized.code } : {}),
          provider,
          retryable: normalized.retryable,
          cause: err,
        },
      );
    }
    if (!response.ok) throw failure(provider, response.status, body, response.headers);
    const token = parseEntraTokenResponse(body, now());
    if (!token) {
      throw new ProviderError(
        `${provider}: Microsoft Entra ID token response holds no access_token and expires_in`,
        { status: 502, code: "entra_bad_response", provider, retryable: true },
      );
    }
    registerSecretValue(token.token);
    return token;
  };
}
