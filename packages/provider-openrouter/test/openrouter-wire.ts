import {
  type ChatScenario,
  json,
  type MockReply,
  openAIChatWire,
  type RecordedRequest,
  raw,
  type ScenarioUsage,
  type SseEvent,
  sse,
  type WireAdapter,
} from "@oss-ai-agent-tool/testkit";

const CREATED = 1_764_000_000;
const UPSTREAM = "Anthropic";

/** OpenRouter's keep-alive comment, sent while a request waits for its upstream. */
export const PROCESSING_COMMENT: SseEvent = { comment: "OPENROUTER PROCESSING" };

function pieces(text: string, size: number): string[] {
  const chars = [...text];
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(""));
  return out;
}

/** OpenRouter's usage object: OpenAI's counts plus cost accounting and cache writes. */
export function openRouterUsage(
  usage: ScenarioUsage,
  cacheWriteTokens = 0,
): Record<string, unknown> {
  return {
    prompt_tokens: usage.promptTokens,
    completion_tokens: usage.completionTokens,
    total_tokens: usage.totalTokens,
    cost: 0.000123,
    is_byok: false,
    prompt_tokens_details: {
      cached_tokens: usage.cachedPromptTokens ?? 0,
      cache_write_tokens: cacheWriteTokens,
      audio_tokens: 0,
      video_tokens: 0,
    },
    cost_details: {
      upstream_inference_cost: null,
      upstream_inference_prompt_cost: 0.00002,
      upstream_inference_completions_cost: 0.000103,
    },
    completion_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0, image_tokens: 0 },
  };
}

function isStream(request: RecordedRequest): boolean {
  try {
    return (request.json() as { stream?: unknown }).stream === true;
  } catch {
    return false;
  }
}

/** Extra content a reply can carry beyond the conformance scenario. */
export interface OpenRouterExtras {
  /** Reasoning text, streamed before the reply text as `delta.reasoning`. */
  reasoning?: string;
  cacheWriteTokens?: number;
  /** Keep-alive comments before the first chunk. Default 2. */
  comments?: number;
  delayMs?: number;
}

/**
 * A non-streamed OpenRouter reply. Like the real API it writes blank-line
 * keep-alive whitespace before the JSON body while the upstream works, and
 * adds `provider`, `native_finish_reason` and cost fields.
 */
export function openRouterChatReply(s: ChatScenario, extras: OpenRouterExtras = {}): MockReply {
  const body = {
    id: s.id,
    provider: UPSTREAM,
    model: s.model,
    object: "chat.completion",
    created: CREATED,
    choices: [
      {
        logprobs: null,
        finish_reason: s.rawFinishReason,
        native_finish_reason: s.rawFinishReason === "tool_calls" ? "tool_use" : "end_turn",
        index: 0,
        message: {
          role: "assistant",
          content: s.text.length > 0 ? s.text : null,
          refusal: null,
          reasoning: extras.reasoning ?? null,
          ...(s.toolCalls?.length
            ? {
                tool_calls: s.toolCalls.map((call, index) => ({
                  id: call.id,
                  index,
                  type: "function",
                  function: { name: call.name, arguments: call.arguments },
                })),
              }
            : {}),
        },
      },
    ],
    usage: openRouterUsage(s.usage, extras.cacheWriteTokens),
  };
  return raw(`\n         \n\n         \n${JSON.stringify(body)}`, {
    headers: { "content-type": "application/json" },
  });
}

/** A streamed OpenRouter reply: keep-alive comments, chunks, the finish, then usage, then [DONE]. */
export function openRouterStreamReply(s: ChatScenario, extras: OpenRouterExtras = {}) {
  const chunk = (delta: Record<string, unknown>, finish: string | null = null, extra = {}) => ({
    data: {
      id: s.id,
      provider: UPSTREAM,
      model: s.model,
      object: "chat.completion.chunk",
      created: CREATED,
      choices: [
        {
          index: 0,
          delta: { role: "assistant", ...delta },
          finish_reason: finish,
          native_finish_reason: finish === null ? null : finish === "stop" ? "end_turn" : finish,
          logprobs: null,
        },
      ],
      ...extra,
    },
  });
  const events: SseEvent[] = Array.from({ length: extras.comments ?? 2 }, () => PROCESSING_COMMENT);
  for (const piece of pieces(extras.reasoning ?? "", 4))
    events.push(
      chunk({
        content: "",
        reasoning: piece,
        reasoning_details: [{ type: "reasoning.text", text: piece, format: "unknown", index: 0 }],
      }),
    );
  for (const piece of pieces(s.text, 3)) events.push(chunk({ content: piece }));
  (s.toolCalls ?? []).forEach((call, index) => {
    const args = pieces(call.arguments, 5);
    events.push(
      chunk({
        content: null,
        tool_calls: [
          { index, id: call.id, type: "function", function: { name: call.name, arguments: "" } },
        ],
      }),
    );
    for (const arg of args)
      events.push(
        chunk({
          content: null,
          tool_calls: [{ index, type: "function", function: { arguments: arg } }],
        }),
      );
  });
  events.push(chunk({ content: "" }, s.rawFinishReason));
  const usageChunk = chunk({ content: "" }, null, {
    usage: openRouterUsage(s.usage, extras.cacheWriteTokens),
  });
  return (request: RecordedRequest): MockReply => {
    const body = request.json() as { stream_options?: { include_usage?: unknown } };
    const withUsage = body.stream_options?.include_usage === true;
    return sse(withUsage ? [...events, usageChunk] : events, {
      done: true,
      ...(extras.delayMs !== undefined ? { delayMs: extras.delayMs } : {}),
    });
  };
}

/** OpenRouter's error body: `{ error: { code: <HTTP status>, message, metadata? } }`. */
export function openRouterError(
  status: number,
  message: string,
  headers?: Record<string, string>,
): MockReply {
  return json({ error: { code: status, message } }, { status, ...(headers ? { headers } : {}) });
}

/**
 * An error after the stream started, in OpenRouter's documented shape: a
 * chunk with a top-level `error` and `finish_reason: "error"`.
 */
export function openRouterStreamError(message: string, code = "server_error"): SseEvent {
  return {
    data: {
      id: "gen-error",
      object: "chat.completion.chunk",
      created: CREATED,
      model: "anthropic/claude-3.5-sonnet",
      provider: UPSTREAM,
      error: { code, message },
      choices: [{ index: 0, delta: { content: "" }, finish_reason: "error" }],
    },
  };
}

/**
 * The OpenRouter wire: OpenAI chat completions under `/api/v1`, with
 * OpenRouter's keep-alive comments and whitespace, `gen-` ids, cost fields in
 * usage, numeric error codes, and the API key as a Bearer token. The probe
 * is `GET /api/v1/key`.
 */
export function openRouterWire(): WireAdapter {
  const base = openAIChatWire();
  return {
    ...base,
    routes: {
      chat: { method: "POST", path: (r) => r.path === "/api/v1/chat/completions" && !isStream(r) },
      stream: { method: "POST", path: (r) => r.path === "/api/v1/chat/completions" && isStream(r) },
      embed: { method: "POST", path: "/api/v1/embeddings" },
      probe: { method: "GET", path: "/api/v1/key" },
    },
    chatReply: (s) => openRouterChatReply(s),
    streamReply: (s, options) =>
      openRouterStreamReply(s, options?.delayMs !== undefined ? { delayMs: options.delayMs } : {}),
    probeReply: () =>
      json({
        data: {
          label: "sk-or-v1-abc...xyz",
          limit: null,
          usage: 0.25,
          is_free_tier: false,
          rate_limit: { requests: 200, interval: "10s" },
        },
      }),
    errorReply: openRouterError,
    streamErrorReply: (_status, message) =>
      sse([PROCESSING_COMMENT, openRouterStreamError(message)]),
    credentialOf(request) {
      const auth = request.headers.authorization;
      return auth?.startsWith("Bearer ") ? auth.slice("Bearer ".length) : undefined;
    },
  };
}
