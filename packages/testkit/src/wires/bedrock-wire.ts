import type {
  ChatScenario,
  EmbedScenario,
  ScenarioUsage,
  WireAdapter,
} from "../conformance/wire-adapter.js";
import {
  awsEventStream,
  bedrockEvent,
  bedrockException,
  type EventStreamMessage,
  json,
  type MockReply,
  type MockUpstream,
  type RecordedRequest,
  type RouteMatcher,
} from "../mock-upstream/index.js";

/**
 * The Bedrock runtime wire, as the recordings show it: JSON Converse replies,
 * `application/vnd.amazon.eventstream` ConverseStream replies whose JSON
 * payloads carry a `p` padding field, Titan `InvokeModel` replies, and errors
 * as `{ message }` with the exception type in `x-amzn-errortype`. Every route
 * answers only requests signed with SigV4 for the `bedrock` service in the
 * expected region; {@link rejectUnsignedBedrockRequests} answers the rest with a 403, as AWS
 * does.
 */

/** The parts of a SigV4 `Authorization` header. */
export interface SigV4Authorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

const SIGV4 =
  /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

/** Parses a SigV4 `Authorization` header; `undefined` when it is not one. */
export function parseSigV4(header: string | undefined): SigV4Authorization | undefined {
  const m = header === undefined ? null : SIGV4.exec(header);
  if (!m) return undefined;
  return {
    accessKeyId: m[1] ?? "",
    date: m[2] ?? "",
    region: m[3] ?? "",
    service: m[4] ?? "",
    signedHeaders: (m[5] ?? "").split(";"),
    signature: m[6] ?? "",
  };
}

/**
 * Why a request would be refused by AWS's front door, or `undefined` when it
 * is signed as Bedrock expects: a SigV4 header scoped to `bedrock` in
 * `region`, signing `host` and `x-amz-date`, whose date matches `x-amz-date`.
 */
export function sigV4Problem(request: RecordedRequest, region: string): string | undefined {
  const auth = parseSigV4(request.headers.authorization);
  if (!auth) return "Missing Authentication Token";
  if (auth.service !== "bedrock")
    return `Credential should be scoped to correct service: 'bedrock'.`;
  if (auth.region !== region) return `Credential should be scoped to a valid region.`;
  const amzDate = request.headers["x-amz-date"] ?? "";
  if (!amzDate.startsWith(auth.date)) return "Date in Credential scope does not match x-amz-date.";
  for (const name of ["host", "x-amz-date"])
    if (!auth.signedHeaders.includes(name)) return `'${name}' must be a signed header.`;
  return undefined;
}

const ERROR_NAMESPACE = "http://internal.amazon.com/coral/com.amazon.bedrock/";

/** An AWS JSON error: `{ message }`, the exception type in `x-amzn-errortype`. */
export function bedrockErrorReply(
  status: number,
  type: string,
  message: string,
  headers: Record<string, string> = {},
): MockReply {
  return json(
    { message },
    {
      status,
      headers: {
        "x-amzn-errortype": `${type}:${ERROR_NAMESPACE}`,
        "x-amzn-requestid": "00000000-0000-4000-8000-000000000000",
        ...headers,
      },
    },
  );
}

/** The exception type Bedrock answers a status with. */
export function bedrockErrorTypeFor(status: number): string {
  if (status === 400) return "ValidationException";
  if (status === 401) return "UnrecognizedClientException";
  if (status === 403) return "AccessDeniedException";
  if (status === 404) return "ResourceNotFoundException";
  if (status === 408) return "ModelTimeoutException";
  if (status === 424) return "ModelErrorException";
  if (status === 429) return "ThrottlingException";
  if (status === 503) return "ServiceUnavailableException";
  return status >= 500 ? "InternalServerException" : "ValidationException";
}

/** The ConverseStream exception member a status stands for. */
function streamExceptionFor(status: number): string {
  if (status === 429) return "throttlingException";
  if (status === 503 || status === 529) return "serviceUnavailableException";
  if (status === 400) return "validationException";
  if (status === 500) return "internalServerException";
  return "modelStreamErrorException";
}

/**
 * Answers every request that reaches no route because it is not signed as
 * Bedrock expects with AWS's 403. Register it before the routes: the mock
 * tries the most recently added route first.
 */
export function rejectUnsignedBedrockRequests(upstream: MockUpstream, region = "us-east-1"): void {
  upstream.on(
    "*",
    (r) => sigV4Problem(r, region) !== undefined,
    (r) => {
      const problem = sigV4Problem(r, region) ?? "";
      const type = r.headers.authorization
        ? "InvalidSignatureException"
        : "MissingAuthenticationTokenException";
      return bedrockErrorReply(403, type, problem);
    },
  );
}

/** A route for one runtime operation on any model, for signed requests only. */
export function bedrockRoute(
  operation: "converse" | "converse-stream" | "invoke" | "count-tokens",
  region = "us-east-1",
): RouteMatcher {
  // Model ids arrive percent-encoded (`amazon.nova-lite-v1%3A0`).
  const path = new RegExp(`^/model/[^/]+/${operation}$`);
  return (r) => path.test(r.path) && sigV4Problem(r, region) === undefined;
}

/** The `p` padding field real ConverseStream payloads carry, of a length that varies. */
function padding(n: number): string {
  return "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123".slice(0, 8 + (n % 40));
}

function wireUsage(usage: ScenarioUsage): Record<string, number> {
  const cached = usage.cachedPromptTokens ?? 0;
  return {
    inputTokens: usage.promptTokens - cached,
    outputTokens: usage.completionTokens,
    totalTokens: usage.totalTokens,
    cacheReadInputTokens: cached,
    cacheWriteInputTokens: 0,
  };
}

function pieces(text: string, size: number): string[] {
  const chars = [...text];
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(""));
  return out;
}

/** The event frames of a scenario, as ConverseStream sends them. */
export function bedrockStreamFrames(s: ChatScenario): EventStreamMessage[] {
  let n = 0;
  const event = (type: string, payload: object) =>
    bedrockEvent(type, { ...payload, p: padding(n++) });
  const frames = [event("messageStart", { role: "assistant" })];
  let block = 0;
  if (s.text) {
    for (const text of pieces(s.text, 4))
      frames.push(event("contentBlockDelta", { contentBlockIndex: block, delta: { text } }));
    frames.push(event("contentBlockStop", { contentBlockIndex: block }));
    block += 1;
  }
  for (const call of s.toolCalls ?? []) {
    frames.push(
      event("contentBlockStart", {
        contentBlockIndex: block,
        start: { toolUse: { toolUseId: call.id, name: call.name } },
      }),
    );
    for (const input of pieces(call.arguments, 9))
      frames.push(
        event("contentBlockDelta", { contentBlockIndex: block, delta: { toolUse: { input } } }),
      );
    frames.push(event("contentBlockStop", { contentBlockIndex: block }));
    block += 1;
  }
  frames.push(event("messageStop", { stopReason: s.rawFinishReason }));
  frames.push(event("metadata", { usage: wireUsage(s.usage), metrics: { latencyMs: 321 } }));
  return frames;
}

/** A Converse reply body for a scenario. */
export function bedrockConverseBody(s: ChatScenario): Record<string, unknown> {
  return {
    metrics: { latencyMs: 321 },
    output: {
      message: {
        role: "assistant",
        content: [
          ...(s.text ? [{ text: s.text }] : []),
          ...(s.toolCalls ?? []).map((call) => ({
            toolUse: { toolUseId: call.id, name: call.name, input: JSON.parse(call.arguments) },
          })),
        ],
      },
    },
    stopReason: s.rawFinishReason,
    usage: wireUsage(s.usage),
  };
}

/** The Bedrock runtime wire adapter, for requests signed in `region`. */
export function bedrockWire(options: { region?: string } = {}): WireAdapter {
  const region = options.region ?? "us-east-1";
  return {
    routes: {
      chat: { method: "POST", path: bedrockRoute("converse", region) },
      stream: { method: "POST", path: bedrockRoute("converse-stream", region) },
      embed: { method: "POST", path: bedrockRoute("invoke", region) },
      probe: { method: "POST", path: bedrockRoute("count-tokens", region) },
    },
    chatReply(s) {
      return json(bedrockConverseBody(s), { headers: { "x-amzn-requestid": s.id } });
    },
    streamReply(s, opts = {}) {
      return awsEventStream(bedrockStreamFrames(s), {
        headers: { "x-amzn-requestid": s.id },
        ...(opts.delayMs !== undefined ? { delayMs: opts.delayMs } : {}),
      });
    },
    embedReply(s: EmbedScenario) {
      // Titan embeds one input per call: the i-th call gets the i-th vector.
      let calls = 0;
      const each = Math.round(s.promptTokens / Math.max(1, s.embeddings.length));
      return () =>
        json({
          embedding: s.embeddings[calls++ % s.embeddings.length],
          embeddingsByType: {},
          inputTextTokenCount: each,
        });
    },
    probeReply() {
      return json({ inputTokens: 3 });
    },
    errorReply(status, message, headers) {
      return bedrockErrorReply(status, bedrockErrorTypeFor(status), message, headers);
    },
    streamErrorReply(status, message) {
      return awsEventStream([
        bedrockEvent("messageStart", { role: "assistant", p: padding(0) }),
        bedrockException(streamExceptionFor(status), message),
      ]);
    },
    finishReasons: [
      ["end_turn", "stop"],
      ["stop_sequence", "stop"],
      ["max_tokens", "length"],
      ["model_context_window_exceeded", "length"],
      ["tool_use", "tool_calls"],
      ["guardrail_intervened", "content_filter"],
      ["content_filtered", "content_filter"],
      ["malformed_model_output", "error"],
    ],
    stopReason: "end_turn",
    toolCallsReason: "tool_use",
    // Bedrock reports prompt-cache reads but no reasoning-token count.
    usageDetail: false,
    credentialOf(request) {
      return parseSigV4(request.headers.authorization)?.accessKeyId;
    },
  };
}
