import {
  anthropicWire,
  bedrockWire,
  type ChatScenario,
  createMockUpstream,
  geminiWire,
  json,
  type MockUpstream,
  mistralWire,
  ollamaWire,
  openAIChatWire,
  type RecordedRequest,
  rejectUnsignedBedrockRequests,
  type WireAdapter,
} from "@oss-ai-agent-tool/testkit";
import { type GatewayConfigInput, resolveConfig } from "../../src/config/index.js";
import { createLogger } from "../../src/logging/create-logger.js";
import { type RunningServer, startServer } from "../../src/server/start-server.js";

/** A tool call as an upstream received it, whatever its wire format. */
export interface WireToolCall {
  id: string | undefined;
  name: string;
  /** The arguments, parsed. */
  args: unknown;
}

/** What a translation test reads back from one upstream request. */
export interface WireConversation {
  toolCalls: WireToolCall[];
  /** Tool results as (call id or tool name, content text). */
  toolResults: Array<{ ref: string | undefined; content: string }>;
  /** The names of the tools offered. */
  toolNames: string[];
}

/** One real provider package, pointed at a mock upstream that speaks its wire format. */
export interface RealProvider {
  id: string;
  model: string;
  wire: WireAdapter;
  env: Record<string, string>;
  settings: (url: string) => Record<string, unknown>;
  /** The probe route, where the wire's own is not the provider's. */
  probe?: { method: string; path: string; body: unknown };
  /** Reads the tool-calling parts of a chat request in this provider's format. */
  readConversation: (request: RecordedRequest) => WireConversation;
  /** Routes registered before any other on its mock, e.g. AWS's refusal of unsigned requests. */
  prepare?: (upstream: MockUpstream) => void;
}

type Json = Record<string, unknown>;
const arr = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);
const parse = (v: unknown): unknown => (typeof v === "string" ? JSON.parse(v) : v);
const text = (v: unknown): string =>
  typeof v === "string"
    ? v
    : arr(v)
        .map((p) => (typeof p.text === "string" ? p.text : ""))
        .join("");

/**
 * OpenAI's chat-completions shape, shared by OpenAI, Azure, OpenRouter and
 * Mistral, and by Ollama's native API (where arguments are objects and a tool
 * result may point at its call by `tool_name` instead of `tool_call_id`).
 */
function readOpenAIConversation(request: RecordedRequest): WireConversation {
  const body = request.json() as Json;
  const messages = arr(body.messages);
  return {
    toolCalls: messages.flatMap((m) =>
      arr(m.tool_calls).map((c) => {
        const fn = c.function as Json;
        return {
          id: c.id as string | undefined,
          name: fn.name as string,
          args: parse(fn.arguments),
        };
      }),
    ),
    toolResults: messages
      .filter((m) => m.role === "tool")
      .map((m) => ({
        ref: (m.tool_call_id ?? m.tool_name) as string | undefined,
        content: text(m.content),
      })),
    toolNames: arr(body.tools).map((t) => (t.function as Json).name as string),
  };
}

/** Anthropic Messages: `tool_use` and `tool_result` content blocks. */
function readAnthropicConversation(request: RecordedRequest): WireConversation {
  const body = request.json() as Json;
  const blocks = arr(body.messages).flatMap((m) => arr(m.content));
  return {
    toolCalls: blocks
      .filter((b) => b.type === "tool_use")
      .map((b) => ({ id: b.id as string, name: b.name as string, args: b.input })),
    toolResults: blocks
      .filter((b) => b.type === "tool_result")
      .map((b) => ({ ref: b.tool_use_id as string, content: text(b.content) })),
    toolNames: arr(body.tools).map((t) => t.name as string),
  };
}

/** Gemini: `functionCall` and `functionResponse` parts; a response is an object, not text. */
function readGeminiConversation(request: RecordedRequest): WireConversation {
  const body = request.json() as Json;
  const parts = arr(body.contents).flatMap((c) => arr(c.parts));
  const responseText = (response: unknown): string => {
    const r = response as Json;
    const keys = Object.keys(r ?? {});
    // A non-object result is wrapped by the provider (Gemini requires an object); unwrap it.
    if (keys.length === 1 && typeof r[keys[0] as string] === "string")
      return r[keys[0] as string] as string;
    return JSON.stringify(r);
  };
  return {
    toolCalls: parts
      .filter((p) => p.functionCall)
      .map((p) => {
        const call = p.functionCall as Json;
        return { id: call.id as string | undefined, name: call.name as string, args: call.args };
      }),
    toolResults: parts
      .filter((p) => p.functionResponse)
      .map((p) => {
        const res = p.functionResponse as Json;
        return { ref: (res.id ?? res.name) as string, content: responseText(res.response) };
      }),
    toolNames: arr(body.tools).flatMap((t) =>
      arr(t.functionDeclarations).map((d) => d.name as string),
    ),
  };
}

/** Bedrock Converse: `toolUse` and `toolResult` content blocks, tools under `toolConfig`. */
function readBedrockConversation(request: RecordedRequest): WireConversation {
  const body = request.json() as Json;
  const blocks = arr(body.messages).flatMap((m) => arr(m.content));
  return {
    toolCalls: blocks
      .filter((b) => b.toolUse)
      .map((b) => {
        const use = b.toolUse as Json;
        return { id: use.toolUseId as string, name: use.name as string, args: use.input };
      }),
    toolResults: blocks
      .filter((b) => b.toolResult)
      .map((b) => {
        const result = b.toolResult as Json;
        const content = arr(result.content)
          .map((c) => (c.json !== undefined ? JSON.stringify(c.json) : text(c.text)))
          .join("");
        return { ref: result.toolUseId as string, content };
      }),
    toolNames: arr((body.toolConfig as Json | undefined)?.tools).map(
      (t) => (t.toolSpec as Json).name as string,
    ),
  };
}

const openai = openAIChatWire();

/** Every provider package in the repository, each with its mock's settings. */
export const REAL_PROVIDERS: RealProvider[] = [
  {
    id: "openai",
    model: "gpt-4o-mini",
    wire: openai,
    env: { OPENAI_API_KEY: "sk-e2e-openai-0000000000000000" },
    settings: (url) => ({ baseURL: `${url}/v1` }),
    readConversation: readOpenAIConversation,
  },
  {
    id: "azure-openai",
    model: "gpt-4o",
    wire: openai,
    env: { AZURE_OPENAI_API_KEY: "e2e-azure-key-0000000000000000" },
    settings: (url) => ({ endpoint: url, apiVersion: "2024-10-21" }),
    readConversation: readOpenAIConversation,
  },
  {
    id: "openrouter",
    model: "anthropic/claude-3.5-sonnet",
    wire: openai,
    env: { OPENROUTER_API_KEY: "sk-or-v1-e2e-000000000000000000" },
    settings: (url) => ({ baseURL: `${url}/api/v1` }),
    probe: { method: "GET", path: "/api/v1/key", body: { data: { label: "e2e", usage: 0 } } },
    readConversation: readOpenAIConversation,
  },
  {
    id: "mistral",
    model: "mistral-small-latest",
    wire: mistralWire(),
    env: { MISTRAL_API_KEY: "e2e-mistral-key-000000000000000" },
    settings: (url) => ({ baseURL: url }),
    readConversation: readOpenAIConversation,
  },
  {
    id: "ollama",
    model: "llama3.2",
    wire: ollamaWire(),
    env: {},
    settings: (url) => ({ baseURL: url }),
    readConversation: readOpenAIConversation,
  },
  {
    id: "anthropic",
    model: "claude-haiku-4-5",
    wire: anthropicWire(),
    env: { ANTHROPIC_API_KEY: "sk-ant-e2e-000000000000000000" },
    settings: (url) => ({ baseURL: url }),
    readConversation: readAnthropicConversation,
  },
  {
    id: "google",
    model: "gemini-2.5-flash",
    wire: geminiWire(),
    env: { GEMINI_API_KEY: "AIza-e2e-gemini-00000000000000000" },
    settings: (url) => ({ baseURL: url }),
    readConversation: readGeminiConversation,
  },
  {
    id: "bedrock",
    model: "anthropic.claude-3-5-haiku-20241022-v1:0",
    wire: bedrockWire({ region: "us-east-1" }),
    env: {
      AWS_ACCESS_KEY_ID: "AKIAE2ETEST000000000",
      AWS_SECRET_ACCESS_KEY: "e2e-secret-access-key-000000000000000000",
    },
    settings: (url) => ({ baseURL: url, region: "us-east-1" }),
    readConversation: readBedrockConversation,
    // The mock answers 403, as AWS does, unless a request carries a valid SigV4 signature.
    prepare: (upstream) => rejectUnsignedBedrockRequests(upstream, "us-east-1"),
  },
];

/** A reply scenario in contract terms, for any wire. */
export function scenario(
  p: RealProvider,
  text: string,
  extra: Partial<ChatScenario> = {},
): ChatScenario {
  return {
    id: `e2e-${p.id}`,
    model: p.model,
    text,
    rawFinishReason: p.wire.stopReason,
    usage: { promptTokens: 7, completionTokens: 5, totalTokens: 12 },
    ...extra,
  };
}

/** One mock upstream per provider, answering its probe route. */
export async function startUpstreams(
  providers: readonly RealProvider[],
): Promise<Map<string, MockUpstream>> {
  const upstreams = new Map<string, MockUpstream>();
  for (const p of providers) {
    const upstream = await createMockUpstream();
    upstreams.set(p.id, upstream);
    p.prepare?.(upstream);
    const { probe } = p.wire.routes;
    if (p.probe) upstream.on(p.probe.method, p.probe.path, json(p.probe.body));
    else if (probe && p.wire.probeReply) upstream.on(probe.method, probe.path, p.wire.probeReply());
  }
  return upstreams;
}

/**
 * A gateway that finds the provider packages installed next to the
 * orchestrator (they are its devDependencies), with each one's settings
 * pointing at its mock when `withSettings` is set.
 */
export function startRealGateway(
  providers: readonly RealProvider[],
  upstreams: ReadonlyMap<string, MockUpstream>,
  env: Record<string, string>,
  withSettings: boolean,
): Promise<RunningServer> {
  const settings: Record<string, Record<string, unknown>> = {};
  if (withSettings) {
    for (const p of providers) settings[p.id] = p.settings(upstreams.get(p.id)?.url ?? "");
  }
  const raw: GatewayConfigInput = {
    server: { port: 0 },
    providers: { settings },
    network: { egress: { allow: ["127.0.0.1"] } },
    metrics: { processMetrics: false },
  };
  return startServer({
    config: resolveConfig(raw, { env }),
    baseDir: process.cwd(),
    env,
    logger: createLogger({ level: "silent" }),
  });
}

/** Every provider's credentials in one environment. */
export function envOf(providers: readonly RealProvider[]): Record<string, string> {
  return Object.assign({}, ...providers.map((p) => p.env)) as Record<string, string>;
}
