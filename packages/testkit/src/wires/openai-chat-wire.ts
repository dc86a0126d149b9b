import type {
  ChatScenario,
  EmbedScenario,
  ScenarioUsage,
  WireAdapter,
} from "../conformance/wire-adapter.js";
import type { RecordedRequest } from "../mock-upstream/index.js";
import { json, type SseEvent, sse } from "../mock-upstream/index.js";
import { splitText } from "./split-text.js";

function wireUsage(usage: ScenarioUsage): Record<string, unknown> {
  return {
    prompt_tokens: usage.promptTokens,
    completion_tokens: usage.completionTokens,
    total_tokens: usage.totalTokens,
    prompt_tokens_details: { cached_tokens: usage.cachedPromptTokens ?? 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: usage.reasoningTokens ?? 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

function isStreamRequest(request: RecordedRequest): boolean {
  try {
    return (request.json() as { stream?: unknown }).stream === true;
  } catch {
    return false;
  }
}

const CREATED = 1_764_000_000;

/**
 * The OpenAI chat-completions wire (also served by Azure OpenAI, OpenRouter,
 * Groq, Together and most "OpenAI-compatible" APIs): JSON replies, SSE
 * streams of `chat.completion.chunk` ending in `data: [DONE]`, usage in a
 * final chunk with empty `choices` when `stream_options.include_usage` is set,
 * and errors as `{ error: { message, type, code } }`. Routes match by path
 * suffix, so any base path prefix works.
 */
export function openAIChatWire(): WireAdapter {
  return {
    routes: {
      chat: {
        method: "POST",
        path: (r) => r.path.endsWith("/chat/completions") && !isStreamRequest(r),
      },
      stream: {
        method: "POST",
        path: (r) => r.path.endsWith("/chat/completions") && isStreamRequest(r),
      },
      embed: { method: "POST", path: /\/embeddings$/ },
      probe: { method: "GET", path: /\/models$/ },
    },
    chatReply(s: ChatScenario) {
      return json({
        id: s.id,
        object: "chat.completion",
        created: CREATED,
        model: s.model,
        choices: [
          {
            index: 0,
            message: {
              role: "assistant",
              content: s.text.length > 0 ? s.text : null,
              refusal: null,
              ...(s.toolCalls?.length
                ? {
                    tool_calls: s.toolCalls.map((call) => ({
                      id: call.id,
                      type: "function",
                      function: { name: call.name, arguments: call.arguments },
                    })),
                  }
                : {}),
            },
            logprobs: null,
            finish_reason: s.rawFinishReason,
          },
        ],
        usage: wireUsage(s.usage),
        system_fingerprint: "fp_conformance",
      });
    },
    streamReply(s: ChatScenario, options = {}) {
      const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
        data: {
          id: s.id,
          object: "chat.completion.chunk",
          created: CREATED,
          model: s.model,
          system_fingerprint: "fp_conformance",
          choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
          usage: null,
        },
      });
      const events: SseEvent[] = [chunk({ role: "assistant", content: "", refusal: null })];
      for (const piece of splitText(s.text, 3)) events.push(chunk({ content: piece }));
      (s.toolCalls ?? []).forEach((call, index) => {
        const args = splitText(call.arguments, 5);
        events.push(
          chunk({
            tool_calls: [
              {
                index,
                id: call.id,
                type: "function",
                function: { name: call.name, arguments: args[0] ?? "" },
              },
            ],
          }),
        );
        for (const arg of args.slice(1))
          events.push(chunk({ tool_calls: [{ index, function: { arguments: arg } }] }));
      });
      events.push(chunk({}, s.rawFinishReason));
      const usageChunk: SseEvent = {
        data: {
          id: s.id,
          object: "chat.completion.chunk",
          created: CREATED,
          model: s.model,
          system_fingerprint: "fp_conformance",
          choices: [],
          usage: wireUsage(s.usage),
        },
      };
      const timing = options.delayMs !== undefined ? { delayMs: options.delayMs } : {};
      // As the real API does, the usage chunk is sent only when the request asked for it.
      return (request: RecordedRequest) => {
        const body = request.json() as { stream_options?: { include_usage?: unknown } };
        const withUsage = body.stream_options?.include_usage === true;
        return sse(withUsage ? [...events, usageChunk] : events, { done: true, ...timing });
      };
    },
    embedReply(s: EmbedScenario) {
      // The openai SDK asks for base64 unless the caller chose a format, and the
      // real API honours the request, so the mock does too.
      return (request: RecordedRequest) => {
        const format = (request.json() as { encoding_format?: unknown }).encoding_format;
        return json({
          object: "list",
          data: s.embeddings.map((vector, index) => ({
            object: "embedding",
            index,
            embedding:
              format === "base64"
                ? Buffer.from(new Float32Array(vector).buffer).toString("base64")
                : vector,
          })),
          model: s.model,
          usage: { prompt_tokens: s.promptTokens, total_tokens: s.promptTokens },
        });
      };
    },
    probeReply() {
      return json({
        object: "list",
        data: [
          { id: "model-a", object: "model", created: CREATED, owned_by: "conformance" },
          { id: "model-b", object: "model", created: CREATED, owned_by: "conformance" },
        ],
      });
    },
    errorReply(status, message, headers) {
      const type =
        status === 401
          ? "invalid_request_error"
          : status === 429
            ? "requests"
            : status >= 500
              ? "server_error"
              : "invalid_request_error";
      const code =
        status === 401 ? "invalid_api_key" : status === 429 ? "rate_limit_exceeded" : null;
      return json(
        { error: { message, type, param: null, code } },
        { status, ...(headers ? { headers } : {}) },
      );
    },
    streamErrorReply(_status, message) {
      // OpenAI reports a failure after the 200 as a data frame holding `error`, with no [DONE].
      return sse([{ data: { error: { message, type: "server_error", param: null, code: null } } }]);
    },
    finishReasons: [
      ["stop", "stop"],
      ["length", "length"],
      ["tool_calls", "tool_calls"],
      ["function_call", "tool_calls"],
      ["content_filter", "content_filter"],
    ],
    stopReason: "stop",
    toolCallsReason: "tool_calls",
    usageDetail: true,
    credentialOf(request) {
      const auth = request.headers.authorization;
      if (auth?.startsWith("Bearer ")) return auth.slice("Bearer ".length);
      return request.headers["api-key"];
    },
  };
}
