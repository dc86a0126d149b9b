import { fault, openAIChatWire } from "@oss-ai-agent-tool/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { metricValue, parsePrometheus } from "../support/prometheus.js";
import {
  startTestGateway,
  TEST_SECRETS,
  type TestGateway,
  type TestGatewayOptions,
} from "../support/start-test-gateway.js";

const wire = openAIChatWire();

interface ProviderEntry {
  id: string;
  package?: string;
  status: string;
  reason?: string;
  missingCredentials?: string[];
  loaded?: boolean;
  probe?: { ok: boolean; detail?: string; cached: boolean };
  lastError?: unknown;
}

interface HealthBody {
  status: string;
  tested: boolean;
  providers: ProviderEntry[];
}

let gw: TestGateway | undefined;
afterEach(async () => {
  await gw?.close();
  gw = undefined;
});

async function start(options?: TestGatewayOptions): Promise<TestGateway> {
  gw = await startTestGateway(options);
  return gw;
}

async function health(g: TestGateway, query = ""): Promise<HealthBody> {
  const res = await g.fetch(`/health/providers${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as HealthBody;
}

function entry(body: HealthBody, id: string): ProviderEntry {
  const found = body.providers.find((p) => p.id === id);
  expect(
    found,
    `provider ${id} in ${JSON.stringify(body.providers.map((p) => p.id))}`,
  ).toBeDefined();
  return found!;
}

// Plugins rejected at discovery are matched by package: their manifest id may not be valid.
function byPackage(body: HealthBody, name: string): ProviderEntry {
  const found = body.providers.find((p) => p.package === name);
  expect(found, `package ${name}`).toBeDefined();
  return found!;
}

const modelsCalls = (g: TestGateway) =>
  g.alpha.requests.filter((r) => r.method === "GET" && r.path === "/v1/models").length;

describe("/health/providers", () => {
  it("reports working providers without evidence as unknown and rejected plugins as broken, with reasons", async () => {
    const g = await start();
    const body = await health(g);
    expect(body.tested).toBe(false);
    expect(entry(body, "alpha").status).toBe("unknown");
    expect(entry(body, "beta").status).toBe("unknown");
    expect(entry(body, "alpha").loaded).toBe(false);

    // Rejected at discovery, before any import (their entries throw if imported).
    const badManifest = byPackage(body, "@oaat-test/provider-broken-manifest");
    expect(badManifest.status).toBe("broken");
    expect(badManifest.reason).toMatch(/\bid\b/);
    expect(badManifest.reason).toMatch(/entry/);
    const incompatible = byPackage(body, "@oaat-test/provider-incompatible-api");
    expect(incompatible.status).toBe("broken");
    expect(incompatible.reason).toContain("^9.0.0");

    // Import failures only show once the plugin is needed: nothing was imported yet.
    expect(entry(body, "import-fails").status).toBe("unknown");
    expect(entry(body, "not-a-plugin").status).toBe("unknown");
    // Without ?test=true the route must not touch any upstream.
    expect(modelsCalls(g)).toBe(0);
  });

  it("?test=true probes each provider: the upstream sees GET /v1/models and failed imports turn broken", async () => {
    const g = await start();
    const body = await health(g, "?test=true");
    expect(body.tested).toBe(true);
    const alpha = entry(body, "alpha");
    expect(alpha.status).toBe("healthy");
    expect(alpha.probe).toMatchObject({ ok: true, cached: false });
    expect(entry(body, "beta").status).toBe("healthy");
    expect(g.beta.requests.some((r) => r.method === "GET" && r.path === "/v1/models")).toBe(true);
    // alpha's mock also serves the keyless plugin, so at least one listing call.
    expect(modelsCalls(g)).toBeGreaterThanOrEqual(1);

    const importFails = entry(body, "import-fails");
    expect(importFails.status).toBe("broken");
    expect(importFails.reason).toContain("boom: intentional import failure");
    const notAPlugin = entry(body, "not-a-plugin");
    expect(notAPlugin.status).toBe("broken");
    expect(notAPlugin.reason).toContain("defineProvider");

    // And stays broken afterwards, without re-probing.
    const again = await health(g);
    expect(entry(again, "import-fails").status).toBe("broken");
    expect(entry(again, "alpha").probe?.cached).toBe(true);
  });

  it("a plugin whose import failed shows as broken once a request needed it", async () => {
    const g = await start({
      config: () => ({ routing: { aliases: { boom: ["import-fails/m1"] } } }),
    });
    const err = await g
      .client()
      .chat.completions.create({ model: "boom", messages: [{ role: "user", content: "hi" }] })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 503 });
    const importFails = entry(await health(g), "import-fails");
    expect(importFails.status).toBe("broken");
    expect(importFails.reason).toContain("boom");
  });

  it("a failing probe makes the provider unhealthy", async () => {
    const g = await start();
    g.alpha.on("GET", /\/models$/, fault.status(500));
    const body = await health(g, "?test=true");
    const alpha = entry(body, "alpha");
    expect(alpha.status).toBe("unhealthy");
    expect(alpha.probe?.ok).toBe(false);
    expect(alpha.probe?.detail).toBeTruthy();
    expect(entry(body, "beta").status).toBe("healthy");
    expect(body.status).toBe("degraded");
  });

  it("a provider without its credential is unconfigured and names the variable", async () => {
    const g = await start({ env: { BETA_API_KEY: undefined } });
    const body = await health(g);
    const beta = entry(body, "beta");
    expect(beta.status).toBe("unconfigured");
    expect(beta.missingCredentials).toEqual(["BETA_API_KEY"]);
    expect(beta.reason).toContain("BETA_API_KEY");
    expect(entry(body, "alpha").status).toBe("unknown");

    // Nothing routes to it; the error says why.
    const err = await g
      .client()
      .chat.completions.create({
        model: "beta/beta-model-1",
        messages: [{ role: "user", content: "hi" }],
      })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 503 });
    expect(String((err as Error).message)).toContain("unconfigured");
    expect(g.beta.requests.filter((r) => r.method === "POST")).toHaveLength(0);
  });

  it("reflects traffic: a served request makes the provider healthy", async () => {
    const g = await start();
    g.alpha.once(
      "POST",
      wire.routes.chat.path,
      wire.chatReply({
        id: "u",
        model: "alpha-model-1",
        text: "ok",
        rawFinishReason: "stop",
        usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 },
      }),
    );
    await g.client().chat.completions.create({
      model: "alpha/alpha-model-1",
      messages: [{ role: "user", content: "hi" }],
    });
    const alpha = entry(await health(g), "alpha");
    expect(alpha).toMatchObject({ status: "healthy", loaded: true, lastError: null });
  });
});

describe("/healthz, /readyz and /metrics", () => {
  it("/healthz and /readyz answer 200", async () => {
    const g = await start();
    const healthz = await g.fetch("/healthz");
    expect(healthz.status).toBe(200);
    expect(await healthz.json()).toEqual({ status: "ok" });
    const readyz = await g.fetch("/readyz");
    expect(readyz.status).toBe(200);
    expect(await readyz.json()).toEqual({
      status: "ready",
      providers: { enabled: 5, broken: 2 },
    });
  });

  it("/metrics is Prometheus text with provider series after a call", async () => {
    const g = await start();
    g.alpha.once(
      "POST",
      wire.routes.chat.path,
      wire.chatReply({
        id: "u",
        model: "alpha-model-1",
        text: "ok",
        rawFinishReason: "stop",
        usage: { promptTokens: 11, completionTokens: 4, totalTokens: 15 },
      }),
    );
    await g.client().chat.completions.create({
      model: "alpha/alpha-model-1",
      messages: [{ role: "user", content: "hi" }],
    });
    const res = await g.fetch("/metrics");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toContain("# TYPE provider_requests_total counter");
    expect(text).toMatch(
      /^provider_requests_total\{provider="alpha",model="alpha-model-1",operation="chat"\} 1$/m,
    );
    const labels = { provider: "alpha", model: "alpha-model-1" };
    expect(metricValue(text, "provider_token_usage_total", { ...labels, type: "prompt" })).toBe(11);
    expect(metricValue(text, "provider_token_usage_total", { ...labels, type: "completion" })).toBe(
      4,
    );
    expect(
      metricValue(text, "provider_request_duration_seconds_count", {
        ...labels,
        operation: "chat",
        status: "success",
      }),
    ).toBe(1);
    expect(metricValue(text, "provider_active_requests", { ...labels, operation: "chat" })).toBe(0);
    // Every line is a comment or a well-formed sample.
    const lines = text.split("\n").filter((l) => l !== "" && !l.startsWith("#"));
    expect(parsePrometheus(text)).toHaveLength(lines.length);
    expect(text).not.toContain(TEST_SECRETS.ALPHA_API_KEY);
  });
});
