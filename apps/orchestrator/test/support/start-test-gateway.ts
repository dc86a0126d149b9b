import path from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import {
  createMockUpstream,
  type MockReply,
  type MockUpstream,
  openAIChatWire,
  type ReplySource,
} from "@oss-ai-agent-tool/testkit";
import OpenAI from "openai";
import { type GatewayConfigInput, resolveConfig } from "../../src/config/index.js";
import { createLogger } from "../../src/logging/create-logger.js";
import { type RunningServer, startServer } from "../../src/server/start-server.js";

/** The directory of the test plugin packages. */
export const PLUGINS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "plugins");

/** Credentials the test plugins read; distinctive so a leak is easy to grep for. */
export const TEST_SECRETS = {
  ALPHA_API_KEY: "sk-alpha-test-secret-0123456789abcdef",
  BETA_API_KEY: "sk-beta-test-secret-fedcba9876543210",
} as const;

/** A running gateway wired to two mock upstreams, with a captured log. */
export interface TestGateway {
  running: RunningServer;
  alpha: MockUpstream;
  beta: MockUpstream;
  /** `http://127.0.0.1:<port>` of the gateway. */
  url: string;
  /** An official openai client pointed at the gateway. */
  client(options?: {
    apiKey?: string;
    maxRetries?: number;
    defaultHeaders?: Record<string, string>;
  }): OpenAI;
  /** A raw HTTP request to the gateway; `path` starts with `/`. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** `POST path` with a JSON body (a string is sent as is). */
  postJson(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  /** The `/metrics` text. */
  metrics(): Promise<string>;
  /** Every log line written so far. */
  logText(): string;
  /** Forgets the mocks' routes, queued replies and recorded requests, then restores the model listing. */
  resetUpstreams(): void;
  close(): Promise<void>;
}

/** Options of {@link startTestGateway}. */
export interface TestGatewayOptions {
  /** Merged over the default test config (per-provider settings are merged key by key). */
  config?: (upstreams: { alpha: string; beta: string }) => GatewayConfigInput;
  /** Merged over {@link TEST_SECRETS}; `undefined` removes a variable, e.g. to leave a provider unconfigured. */
  env?: Record<string, string | undefined>;
  /** Plugin folders under test/plugins to load; default alpha, beta, keyless and the broken ones. */
  plugins?: string[];
}

/**
 * Starts the real server on a free loopback port with the alpha and beta test
 * plugins (OpenAI-compatible, official SDK inside) pointed at their own mock
 * upstreams, egress allowing loopback only. Nothing is found by scanning
 * node_modules, so the test sees exactly these plugins.
 */
export async function startTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const alpha = await createMockUpstream();
  const beta = await createMockUpstream();
  const wire = openAIChatWire();
  const listModels = () => {
    for (const upstream of [alpha, beta]) upstream.on("GET", /\/models$/, wire.probeReply!());
  };
  listModels();
  const urls = { alpha: `${alpha.url}/v1`, beta: `${beta.url}/v1` };
  const extra = options.config?.(urls) ?? {};
  const plugins = (
    options.plugins ?? [
      "alpha",
      "beta",
      "keyless",
      "broken-manifest",
      "incompatible-api",
      "import-fails",
      "not-a-plugin",
    ]
  ).map((p) => path.join(PLUGINS_DIR, p));
  const extraSettings = extra.providers?.settings ?? {};
  const raw: GatewayConfigInput = {
    ...extra,
    server: { host: "127.0.0.1", port: 0, drainTimeoutMs: 2_000, ...extra.server },
    plugins: [...plugins, ...(extra.plugins ?? [])],
    providers: {
      ...extra.providers,
      settings: {
        ...extraSettings,
        // Merged per provider, so a test can add a timeout without losing the base URL.
        alpha: { baseURL: urls.alpha, retryAttempts: 1, ...extraSettings.alpha },
        beta: { baseURL: urls.beta, retryAttempts: 1, ...extraSettings.beta },
        keyless: { baseURL: urls.alpha, ...extraSettings.keyless },
      },
    },
    network: { egress: { mode: "enforce", allow: ["127.0.0.1"] }, ...extra.network },
    metrics: { processMetrics: false, ...extra.metrics },
  };
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries({ ...TEST_SECRETS, ...options.env })) {
    if (value !== undefined) env[name] = value;
  }
  const config = resolveConfig(raw, { env });
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const logger = createLogger({ level: "debug", destination });
  let running: RunningServer;
  try {
    running = await startServer({
      config,
      baseDir: PLUGINS_DIR,
      env,
      logger,
      installRoots: [],
    });
  } catch (err) {
    await Promise.all([alpha.close(), beta.close()]);
    throw err;
  }
  const url = running.url;
  const fetchGateway = (p: string, init?: RequestInit) => fetch(`${url}${p}`, init);
  return {
    running,
    alpha,
    beta,
    url,
    client: (o = {}) =>
      new OpenAI({
        apiKey: o.apiKey ?? "unused",
        baseURL: `${url}/v1`,
        maxRetries: o.maxRetries ?? 0,
        ...(o.defaultHeaders ? { defaultHeaders: o.defaultHeaders } : {}),
      }),
    fetch: fetchGateway,
    postJson: (p, body, headers = {}) =>
      fetchGateway(p, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: typeof body === "string" ? body : JSON.stringify(body),
      }),
    metrics: async () => (await fetchGateway("/metrics")).text(),
    logText: () => lines.join(""),
    resetUpstreams() {
      alpha.reset();
      beta.reset();
      listModels();
    },
    async close() {
      try {
        await running.stop();
      } finally {
        await Promise.all([alpha.close(), beta.close()]);
      }
    },
  };
}

/** Applies `change` to the reply a source produces, so factories (e.g. `streamReply`) can be faulted too. */
export function mapReply(
  source: ReplySource,
  change: (reply: MockReply) => MockReply,
): ReplySource {
  if (typeof source !== "function") return change(source);
  return async (request) => change(await source(request));
}
