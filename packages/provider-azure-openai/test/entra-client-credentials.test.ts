import {
  createEgressFetch,
  createEgressPolicy,
  type EgressFetch,
  isProviderError,
} from "@oss-ai-agent-tool/core";
import {
  createMockUpstream,
  fault,
  json,
  type MockUpstream,
  raw,
} from "@oss-ai-agent-tool/testkit";
import { afterEach, describe, expect, it } from "vitest";
import {
  createEntraClientCredentialsFetcher,
  entraTokenRequestBody,
  entraTokenUrl,
  parseEntraTokenResponse,
} from "../src/entra-client-credentials.js";

describe("entra token request (pure)", () => {
  it("builds the v2 token URL for a tenant, on the default or a sovereign host", () => {
    expect(entraTokenUrl("tenant-1")).toBe(
      "https://login.microsoftonline.com/tenant-1/oauth2/v2.0/token",
    );
    expect(entraTokenUrl("contoso.onmicrosoft.com", "https://login.microsoftonline.us/")).toBe(
      "https://login.microsoftonline.us/contoso.onmicrosoft.com/oauth2/v2.0/token",
    );
  });

  it("builds a client-credentials form with the Cognitive Services scope", () => {
    const form = entraTokenRequestBody("client-1", "s3cr3t&=value");
    expect(Object.fromEntries(form)).toEqual({
      client_id: "client-1",
      client_secret: "s3cr3t&=value",
      scope: "https://cognitiveservices.azure.com/.default",
      grant_type: "client_credentials",
    });
    expect(entraTokenRequestBody("c", "s", "api://x/.default").get("scope")).toBe(
      "api://x/.default",
    );
  });

  it.each([
    [
      { access_token: "tok", expires_in: 3599, token_type: "Bearer" },
      { token: "tok", expiresOnMs: 1000 + 3_599_000 },
    ],
    [
      { access_token: "tok", expires_in: "60" },
      { token: "tok", expiresOnMs: 61_000 },
    ],
    [{ access_token: "", expires_in: 60 }, undefined],
    [{ access_token: "tok" }, undefined],
    [{ access_token: "tok", expires_in: 0 }, undefined],
    [{ access_token: "tok", expires_in: "soon" }, undefined],
    [null, undefined],
    ["tok", undefined],
  ])("parses %j", (body, expected) => {
    expect(parseEntraTokenResponse(body, 1000)).toEqual(expected);
  });
});

describe("createEntraClientCredentialsFetcher", () => {
  let upstream: MockUpstream | undefined;
  let egress: EgressFetch | undefined;
  afterEach(async () => {
    await egress?.close();
    await upstream?.close();
    upstream = undefined;
    egress = undefined;
  });

  async function start(allow = ["127.0.0.1"]) {
    upstream = await createMockUpstream();
    egress = createEgressFetch(createEgressPolicy({ mode: "enforce", allow }), "azure-openai");
    const fetcher = createEntraClientCredentialsFetcher({
      provider: "azure-openai",
      fetch: egress,
      tenantId: "tenant-1",
      clientId: "client-1",
      clientSecret: "entra-client-secret-value",
      authorityHost: upstream.url,
      now: () => 5_000,
      timeoutMs: 500,
    });
    return { upstream, fetcher };
  }

  const route = "/tenant-1/oauth2/v2.0/token";

  it("posts the form and returns the token with its expiry", async () => {
    const { upstream, fetcher } = await start();
    upstream.on(
      "POST",
      route,
      json({
        token_type: "Bearer",
        expires_in: 3599,
        ext_expires_in: 3599,
        access_token: "eyJ.tok.1",
      }),
    );
    expect(await fetcher()).toEqual({ token: "eyJ.tok.1", expiresOnMs: 5_000 + 3_599_000 });
    const sent = upstream.requests[0];
    expect(sent?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(Object.fromEntries(new URLSearchParams(sent?.body))).toEqual({
      client_id: "client-1",
      client_secret: "entra-client-secret-value",
      scope: "https://cognitiveservices.azure.com/.default",
      grant_type: "client_credentials",
    });
  });

  it("turns a rejected client into a non-retryable 401 with Entra's reason, never the secret", async () => {
    const { upstream, fetcher } = await start();
    upstream.on(
      "POST",
      route,
      json(
        {
          error: "invalid_client",
          error_description:
            "AADSTS7000215: Invalid client secret provided: entra-client-secret-value.\r\nTrace ID: 1\r\nCorrelation ID: 2",
          error_codes: [7000215],
        },
        { status: 401 },
      ),
    );
    const err = await fetcher().catch((e: unknown) => e);
    expect(isProviderError(err)).toBe(true);
    expect(err).toMatchObject({ status: 401, code: "entra_auth_failed", retryable: false });
    const message = (err as Error).message;
    expect(message).toContain("HTTP 401 invalid_client: AADSTS7000215");
    expect(message).not.toContain("Trace ID");
    expect(message).not.toContain("entra-client-secret-value");
  });

  it("shortens a very long description and copes with a body that is not JSON", async () => {
    const { upstream, fetcher } = await start();
    upstream.once(
      "POST",
      route,
      json({ error: "invalid_request", error_description: "x".repeat(500) }, { status: 400 }),
    );
    upstream.once("POST", route, raw("<html>bad gateway</html>", { status: 400 }));
    upstream.once("POST", route, json({ error_description: "" }, { status: 400 }));
    expect(((await fetcher().catch((e: unknown) => e)) as Error).message).toMatch(
      /x{240}\.\.\.\)$/,
    );
    expect(((await fetcher().catch((e: unknown) => e)) as Error).message).toContain(
      "no error details",
    );
    expect(((await fetcher().catch((e: unknown) => e)) as Error).message).toContain(
      "HTTP 400 error",
    );
  });

  it("keeps throttling and server errors retryable, with Retry-After", async () => {
    const { upstream, fetcher } = await start();
    upstream.once("POST", route, fault.status(429, { headers: { "retry-after": "7" } }));
    upstream.once("POST", route, fault.status(503));
    expect(await fetcher().catch((e: unknown) => e)).toMatchObject({
      status: 429,
      code: "entra_unavailable",
      retryable: true,
      retryAfterMs: 7000,
    });
    expect(await fetcher().catch((e: unknown) => e)).toMatchObject({
      status: 503,
      retryable: true,
    });
  });

  it("rejects a 200 without a usable token as a retryable bad response", async () => {
    const { upstream, fetcher } = await start();
    upstream.on("POST", route, json({ token_type: "Bearer" }));
    expect(await fetcher().catch((e: unknown) => e)).toMatchObject({
      status: 502,
      code: "entra_bad_response",
      retryable: true,
    });
  });

  it("reports a reset connection and a hang as retryable transport errors naming Entra", async () => {
    const { upstream, fetcher } = await start();
    upstream.once("POST", route, fault.resetBeforeResponse());
    upstream.once("POST", route, fault.hang());
    const reset = await fetcher().catch((e: unknown) => e);
    expect(reset).toMatchObject({ status: 502, retryable: true });
    expect((reset as Error).message).toMatch(
      /^azure-openai: Microsoft Entra ID token request failed \(network error/,
    );
    const hung = await fetcher().catch((e: unknown) => e);
    expect(hung).toMatchObject({ status: 504, code: "timeout", retryable: true });
  });

  it("lets the egress policy block the login host", async () => {
    const { upstream, fetcher } = await start([]);
    upstream.on("POST", route, json({ access_token: "x", expires_in: 60 }));
    expect(await fetcher().catch((e: unknown) => e)).toMatchObject({
      status: 403,
      code: "egress_blocked",
    });
    expect(upstream.requests).toHaveLength(0);
  });
});
