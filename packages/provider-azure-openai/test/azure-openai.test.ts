import type { Harness } from "@oss-ai-agent-tool/testkit";
import {
  collectEvents,
  json,
  type RecordedRequest,
  rejectionOf,
  requestBody,
} from "@oss-ai-agent-tool/testkit";
import { afterEach, describe, expect, it, vi } from "vitest";
import plugin, { createAzureOpenAIPlugin } from "../src/index.js";
import { azureOpenAIWire, deploymentOf, TEST_API_VERSION } from "./azure-wire.js";
import { API_KEY, CLIENT_SECRET, hello, startAzure } from "./helpers.js";

const wire = azureOpenAIWire();
const scenario = {
  id: "chatcmpl-az-1",
  model: "gpt-4o-2024-08-06",
  text: "Hello.",
  rawFinishReason: "stop",
  usage: { promptTokens: 3, completionTokens: 2, totalTokens: 5 },
};

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  vi.unstubAllEnvs();
});

function routeChat(h: Harness) {
  h.upstream.on(wire.routes.chat.method, wire.routes.chat.path, wire.chatReply(scenario));
  if (wire.routes.stream && wire.streamReply)
    h.upstream.on(wire.routes.stream.method, wire.routes.stream.path, wire.streamReply(scenario));
}

const base = (url: string) => ({ endpoint: url, apiVersion: TEST_API_VERSION });

describe("azure-openai: deployments", () => {
  it("sends a mapped model to its deployment, with the api-version, for chat, stream and embeddings", async () => {
    const h = await startAzure(plugin, (url) => ({
      ...base(url),
      deployments: { "gpt-4o": "prod-gpt4o", "text-embedding-3-small": "prod-emb" },
    }));
    harness = h;
    routeChat(h);
    if (!wire.routes.embed || !wire.embedReply) throw new Error("wire has no embeddings");
    h.upstream.on(
      wire.routes.embed.method,
      wire.routes.embed.path,
      wire.embedReply({ model: "text-embedding-3-small", embeddings: [[0.5]], promptTokens: 1 }),
    );

    const res = await h.provider.chat({ model: "gpt-4o", messages: hello });
    await collectEvents(h.provider.stream?.({ model: "gpt-4o", messages: hello }));
    await h.provider.embed?.({ model: "text-embedding-3-small", input: "a" });

    expect(h.upstream.requests.map((r) => r.path)).toEqual([
      "/openai/deployments/prod-gpt4o/chat/completions",
      "/openai/deployments/prod-gpt4o/chat/completions",
      "/openai/deployments/prod-emb/embeddings",
    ]);
    for (const request of h.upstream.requests)
      expect(request.query["api-version"]).toBe(TEST_API_VERSION);
    // The reply names the model Azure served, not the deployment.
    expect(res.model).toBe("gpt-4o-2024-08-06");
  });

  it("uses an unmapped model name as the deployment name", async () => {
    const h = await startAzure(plugin, (url) => ({ ...base(url), deployments: { x: "y" } }));
    harness = h;
    routeChat(h);
    await h.provider.chat({ model: "gpt-4o-mini", messages: hello });
    expect(deploymentOf(h.upstream.requests[0])).toBe("gpt-4o-mini");
  });

  it("falls back to settings.defaultModel and defaultEmbeddingModel, mapped too", async () => {
    const h = await startAzure(plugin, (url) => ({
      ...base(url),
      defaultModel: "gpt-4o",
      defaultEmbeddingModel: "emb",
      deployments: { "gpt-4o": "d-chat", emb: "d-emb" },
    }));
    harness = h;
    routeChat(h);
    h.upstream.on(
      "POST",
      /\/embeddings$/,
      wire.embedReply?.({ model: "emb", embeddings: [[1]], promptTokens: 1 }) ?? json({}),
    );
    await h.provider.chat({ messages: hello });
    await h.provider.embed?.({ input: "a" });
    expect(h.upstream.requests.map(deploymentOf)).toEqual(["d-chat", "d-emb"]);
  });

  it("applies the reasoning-model rules by model name, before mapping to a deployment", async () => {
    const h = await startAzure(plugin, (url) => ({
      ...base(url),
      deployments: { "o3-mini": "my-reasoner" },
    }));
    harness = h;
    routeChat(h);
    // The shared OpenAI mapping refuses what a reasoning model rejects, whatever the deployment is called.
    await expect(
      h.provider.chat({ model: "o3-mini", messages: hello, maxTokens: 50, temperature: 0.3 }),
    ).rejects.toMatchObject({ status: 400, code: "unsupported_parameter" });
    await h.provider.chat({ model: "o3-mini", messages: hello, maxTokens: 50 });
    const body = requestBody(h);
    expect(body).toMatchObject({ model: "my-reasoner", max_completion_tokens: 50 });
  });
});

describe("azure-openai: endpoint", () => {
  it("uses baseURL as is (a proxy path)", async () => {
    const h = await startAzure(plugin, (url) => ({
      baseURL: `${url}/proxy/openai`,
      apiVersion: TEST_API_VERSION,
    }));
    harness = h;
    h.upstream.on("POST", /\/chat\/completions$/, wire.chatReply(scenario));
    await h.provider.chat({ model: "gpt-4o", messages: hello });
    expect(h.upstream.requests[0]?.path).toBe("/proxy/openai/deployments/gpt-4o/chat/completions");
  });

  it("reads AZURE_OPENAI_ENDPOINT when settings name no endpoint, and ignores OPENAI_BASE_URL", async () => {
    vi.stubEnv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1");
    const h = await startAzure(plugin, (url) => {
      vi.stubEnv("AZURE_OPENAI_ENDPOINT", `${url}/`);
      return { apiVersion: TEST_API_VERSION };
    });
    harness = h;
    routeChat(h);
    const res = await h.provider.chat({ model: "gpt-4o", messages: hello });
    expect(res.output).toBe("Hello.");
  });

  it("loads without an endpoint and fails each call with missing_endpoint", async () => {
    vi.stubEnv("AZURE_OPENAI_ENDPOINT", "");
    const h = await startAzure(plugin, () => ({ apiVersion: TEST_API_VERSION }));
    harness = h;
    const expected = { status: 500, code: "missing_endpoint", retryable: false };
    expect(await rejectionOf(h.provider.chat({ model: "m", messages: hello }))).toMatchObject(
      expected,
    );
    expect(
      await rejectionOf(collectEvents(h.provider.stream?.({ model: "m", messages: hello }))),
    ).toMatchObject(expected);
    const probe = await h.provider.probe?.();
    expect(probe).toMatchObject({ ok: false });
    expect(probe?.detail).toContain("AZURE_OPENAI_ENDPOINT");
    expect(h.upstream.requests).toHaveLength(0);
  });
});

describe("azure-openai: settings", () => {
  it("refuses to build without apiVersion, naming the field", async () => {
    await expect(
      startAzure(plugin, (url) => ({ endpoint: url }) as unknown as { apiVersion: string }),
    ).rejects.toThrow("providers.settings.azure-openai.apiVersion: is required");
  });

  it("refuses baseURL together with endpoint", async () => {
    await expect(
      startAzure(plugin, (url) => ({ ...base(url), baseURL: `${url}/openai` })),
    ).rejects.toThrow("mutually exclusive");
  });
});

describe("azure-openai: API key", () => {
  it("sends the key in the api-key header and no Authorization or OpenAI org headers", async () => {
    vi.stubEnv("OPENAI_ORG_ID", "org-should-not-leak");
    vi.stubEnv("OPENAI_PROJECT_ID", "proj-should-not-leak");
    vi.stubEnv("OPENAI_ADMIN_KEY", "admin-should-not-leak");
    const h = await startAzure(plugin, base);
    harness = h;
    routeChat(h);
    await h.provider.chat({ model: "gpt-4o", messages: hello });
    const headers = h.upstream.requests[0]?.headers ?? {};
    expect(headers["api-key"]).toBe(API_KEY);
    expect(headers.authorization).toBeUndefined();
    expect(headers["openai-organization"]).toBeUndefined();
    expect(headers["openai-project"]).toBeUndefined();
  });

  it("reads AZURE_OPENAI_API_KEY when the store has no key", async () => {
    vi.stubEnv("AZURE_OPENAI_API_KEY", "azure-key-from-env-0002");
    const h = await startAzure(plugin, base, {});
    harness = h;
    routeChat(h);
    await h.provider.chat({ model: "gpt-4o", messages: hello });
    expect(h.upstream.requests[0]?.headers["api-key"]).toBe("azure-key-from-env-0002");
  });

  it("names both ways to authenticate when no key is configured", async () => {
    vi.stubEnv("AZURE_OPENAI_API_KEY", "");
    const h = await startAzure(plugin, base, {});
    harness = h;
    const err = await rejectionOf(h.provider.chat({ model: "gpt-4o", messages: hello }));
    expect(err).toMatchObject({ status: 500, code: "missing_credentials", retryable: false });
    const message = (err as Error).message;
    for (const part of [
      "provider:azure-openai:apiKey",
      "AZURE_OPENAI_API_KEY",
      "providers.settings.azure-openai.entra",
      "provider:azure-openai:clientSecret",
      "AZURE_CLIENT_SECRET",
    ])
      expect(message).toContain(part);
  });
});

describe("azure-openai: Microsoft Entra ID", () => {
  const tenant = "tenant-e2e";
  const tokenPath = `/${tenant}/oauth2/v2.0/token`;

  /** The mock's token endpoint: a new token per call, valid for `expiresIn` seconds. */
  function tokenEndpoint(h: Harness, expiresIn = 3599) {
    let issued = 0;
    h.upstream.on("POST", tokenPath, () =>
      json({
        token_type: "Bearer",
        expires_in: expiresIn,
        ext_expires_in: expiresIn,
        access_token: `eyJ0eXAi.entra-token-${++issued}`,
      }),
    );
    return {
      tokenRequests: () => h.upstream.requests.filter((r) => r.path === tokenPath),
      apiRequests: () => h.upstream.requests.filter((r) => r.path !== tokenPath),
    };
  }

  const entraSettings = (url: string) => ({
    ...base(url),
    entra: { tenantId: tenant, clientId: "client-e2e", authorityHost: url },
  });

  const bearer = (r: RecordedRequest | undefined) => r?.headers.authorization;

  it("gets a token with client credentials and sends it as a Bearer token, reusing it", async () => {
    vi.stubEnv("AZURE_OPENAI_API_KEY", "azure-env-key-must-be-ignored");
    const h = await startAzure(plugin, entraSettings, {
      "provider:azure-openai:clientSecret": CLIENT_SECRET,
    });
    harness = h;
    const endpoint = tokenEndpoint(h);
    routeChat(h);

    await h.provider.chat({ model: "gpt-4o", messages: hello });
    await collectEvents(h.provider.stream?.({ model: "gpt-4o", messages: hello }));

    const [tokenRequest] = endpoint.tokenRequests();
    expect(endpoint.tokenRequests()).toHaveLength(1);
    expect(Object.fromEntries(new URLSearchParams(tokenRequest?.body))).toEqual({
      client_id: "client-e2e",
      client_secret: CLIENT_SECRET,
      scope: "https://cognitiveservices.azure.com/.default",
      grant_type: "client_credentials",
    });
    for (const request of endpoint.apiRequests()) {
      expect(bearer(request)).toBe("Bearer eyJ0eXAi.entra-token-1");
      expect(request.headers["api-key"]).toBeUndefined();
    }
  });

  it("refreshes the token once it is due, before it expires", async () => {
    const h = await startAzure(plugin, entraSettings, {
      "provider:azure-openai:clientSecret": CLIENT_SECRET,
    });
    harness = h;
    // A one-second token is refreshed after half its lifetime.
    const endpoint = tokenEndpoint(h, 1);
    routeChat(h);
    await h.provider.chat({ model: "gpt-4o", messages: hello });
    await h.provider.chat({ model: "gpt-4o", messages: hello });
    await new Promise((resolve) => setTimeout(resolve, 600));
    await h.provider.chat({ model: "gpt-4o", messages: hello });
    expect(endpoint.tokenRequests()).toHaveLength(2);
    expect(endpoint.apiRequests().map(bearer)).toEqual([
      "Bearer eyJ0eXAi.entra-token-1",
      "Bearer eyJ0eXAi.entra-token-1",
      "Bearer eyJ0eXAi.entra-token-2",
    ]);
  });

  it("fails with a non-retryable 401 when Entra rejects the client, and never calls Azure", async () => {
    const h = await startAzure(plugin, entraSettings, {
      "provider:azure-openai:clientSecret": CLIENT_SECRET,
    });
    harness = h;
    h.upstream.on(
      "POST",
      tokenPath,
      json(
        {
          error: "invalid_client",
          error_description: "AADSTS7000215: Invalid client secret provided.",
        },
        { status: 401 },
      ),
    );
    routeChat(h);
    const err = await rejectionOf(h.provider.chat({ model: "gpt-4o", messages: hello }));
    expect(err).toMatchObject({ status: 401, code: "entra_auth_failed", retryable: false });
    expect((err as Error).message).toContain("AADSTS7000215");
    expect(h.upstream.requests.filter((r) => r.path !== tokenPath)).toHaveLength(0);
    expect(h.upstream.requests).toHaveLength(1);
    expect(h.logger.text()).not.toContain(CLIENT_SECRET);
  });

  it("retries a token endpoint that is briefly down", async () => {
    const h = await startAzure(plugin, entraSettings, {
      "provider:azure-openai:clientSecret": CLIENT_SECRET,
    });
    harness = h;
    h.upstream.once("POST", tokenPath, json({ error: "temporarily_unavailable" }, { status: 503 }));
    const endpoint = tokenEndpoint(h);
    routeChat(h);
    const res = await h.provider.chat({ model: "gpt-4o", messages: hello });
    expect(res.output).toBe("Hello.");
    expect(endpoint.tokenRequests()).toHaveLength(2);
  });

  it("needs the client secret, naming its key and variable", async () => {
    vi.stubEnv("AZURE_CLIENT_SECRET", "");
    const h = await startAzure(plugin, entraSettings, { "provider:azure-openai:apiKey": API_KEY });
    harness = h;
    const err = await rejectionOf(h.provider.chat({ model: "gpt-4o", messages: hello }));
    expect(err).toMatchObject({ code: "missing_credentials" });
    expect((err as Error).message).toContain("provider:azure-openai:clientSecret");
    expect((err as Error).message).toContain("AZURE_CLIENT_SECRET");
    expect(h.upstream.requests).toHaveLength(0);
  });

  it("starts over with a new token when the client secret is rotated", async () => {
    const h = await startAzure(plugin, entraSettings, {
      "provider:azure-openai:clientSecret": CLIENT_SECRET,
    });
    harness = h;
    const endpoint = tokenEndpoint(h);
    routeChat(h);
    await h.provider.chat({ model: "gpt-4o", messages: hello });
    await h.secrets.set("provider:azure-openai:clientSecret", "entra-rotated-secret-0002");
    await h.provider.chat({ model: "gpt-4o", messages: hello });
    const secrets = endpoint
      .tokenRequests()
      .map((r) => new URLSearchParams(r.body).get("client_secret"));
    expect(secrets).toEqual([CLIENT_SECRET, "entra-rotated-secret-0002"]);
    expect(bearer(endpoint.apiRequests()[1])).toBe("Bearer eyJ0eXAi.entra-token-2");
  });

  it("sends the login request through the egress policy", async () => {
    const h = await startAzure(
      plugin,
      entraSettings,
      {
        "provider:azure-openai:clientSecret": CLIENT_SECRET,
      },
      [],
    );
    harness = h;
    tokenEndpoint(h);
    const err = await rejectionOf(h.provider.chat({ model: "gpt-4o", messages: hello }));
    expect(err).toMatchObject({ status: 403, code: "egress_blocked" });
    expect(h.upstream.requests).toHaveLength(0);
  });
});

describe("azure-openai: a programmatic token provider", () => {
  it("uses the embedder's token provider on every request, with no credential configured", async () => {
    let calls = 0;
    const custom = createAzureOpenAIPlugin({
      azureADTokenProvider: async () => `custom-token-${++calls}`,
    });
    const h = await startAzure(
      custom,
      (url) => ({
        ...base(url),
        entra: { tenantId: "ignored", clientId: "ignored" },
      }),
      {},
    );
    harness = h;
    routeChat(h);
    await h.provider.chat({ model: "gpt-4o", messages: hello });
    await h.provider.chat({ model: "gpt-4o", messages: hello });
    expect(h.upstream.requests.map((r) => r.headers.authorization)).toEqual([
      "Bearer custom-token-1",
      "Bearer custom-token-2",
    ]);
  });

  it("reports a failing token provider as a failed call", async () => {
    const custom = createAzureOpenAIPlugin({
      azureADTokenProvider: async () => {
        throw new Error("no managed identity here");
      },
    });
    const h = await startAzure(custom, base, {});
    harness = h;
    routeChat(h);
    const err = await rejectionOf(h.provider.chat({ model: "gpt-4o", messages: hello }));
    expect((err as Error).message).toContain("no managed identity here");
    expect(h.upstream.requests).toHaveLength(0);
  });
});

describe("azure-openai: models", () => {
  it("lists the resource's models through GET /openai/models?api-version", async () => {
    const h = await startAzure(plugin, base);
    harness = h;
    if (!wire.routes.probe || !wire.probeReply) throw new Error("wire has no probe");
    h.upstream.on(wire.routes.probe.method, wire.routes.probe.path, wire.probeReply());
    expect(await h.provider.listModels?.()).toEqual([
      { id: "model-a", ownedBy: "conformance" },
      { id: "model-b", ownedBy: "conformance" },
    ]);
    expect(h.upstream.requests[0]?.query["api-version"]).toBe(TEST_API_VERSION);
  });
});
