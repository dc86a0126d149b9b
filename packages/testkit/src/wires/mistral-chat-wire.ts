import type {
  ChatScenario,
  EmbedScenario,
  ScenarioUsage,
  WireAdapter,
} from "../conformance/wire-adapter.js";
import type { RecordedRequest, SseEvent } from "../mock-upstream/index.js";
import { json, sse } from "../mock-upstream/index.js";
import { splitText } from "./split-text.js";

const CREATED = 1_764_000_000;

/** Mistral's usage object: no completion details, prompt-cache hits under `prompt_tokens_details`. */
export function mistralWireUsage(usage: ScenarioUsage): Record<string, unknown> {
  return {
    prompt_tokens: usage.promptTokens,
    total_tokens: usage.totalTokens,
    completion_tokens: usage.completionTokens,
    prompt_tokens_details: { cached_tokens: usage.cachedPromptTokens ?? 0 },
    service_tier: "standard",
  };
}

function isStreamRequest(request: RecordedRequest): boolean {
  try {
    return (request.json() as { stream?: unknown }).stream === true;
  } catch {
    return false;
  }
}

/** A Mistral tool call as the API sends it: a 9-character id, `index`, arguments as JSON text. */
function wireToolCall(call: { id: string; name: string; arguments: string }, index: number) {
  return {
    id: call.id,
    type: "function",
    function: { name: call.name, arguments: call.arguments },
    index,
  };
}

/** The type and code Mistral puts in an error body, by status. */
function errorKind(status: number): { type: string; code: string | null } {
  if (status === 429) return { type: "rate_limited", code: "1300" };
  if (status >= 500) return { type: "internal_server_error", code: null };
  return { type: "invalid_request_error", code: null };
}

/**
 * The Mistral chat-completions wire, as recorded from api.mistral.ai:
 *
 * - JSON replies whose `choices[].message` has `content` ("" next to tool
 *   calls) and `tool_calls` (`null` when there are none);
 * - SSE streams of `chat.completion.chunk`s ending in `data: [DONE]`, where a
 *   tool call arrives whole in one delta and `usage` rides in the same chunk
 *   as `finish_reason` (Mistral has no `stream_options`);
 * - errors as `{ object: "error", message, type, param, code }`, except a
 *   401, which is `{ detail }`; a failure after the 200 is a chunk with
 *   `finish_reason: "error"`.
 */
export function mistralWire(): WireAdapter {
  return {
    routes: {
      chat: {
        method: "POST",
        path: (r) => r.path.endsWith("/v1/chat/completions") && !isStreamRequest(r),
      },
      stream: {
        method: "POST",
        path: (r) => r.path.endsWith("/v1/chat/completions") && isStreamRequest(r),
      },
      embed: { method: "POST", path: /\/v1\/embeddings$/ },
      probe: { method: "GET", path: /\/v1\/models$/ },
    },
    chatReply(s: ChatScenario) {
      return json({
        id: s.id,
        created: CREATED,
        model: s.model,
        usage: mistralWireUsage(s.usage),
        object: "chat.completion",
        choices: [
          {
            index: 0,
            finish_reason: s.rawFinishReason,
            message: {
              role: "assistant",
              tool_calls: s.toolCalls?.length ? s.toolCalls.map(wireToolCall) : null,
              content: s.text,
            },
          },
        ],
      });
    },
    streamReply(s: ChatScenario, options = {}) {
      const chunk = (
        delta: Record<string, unknown>,
        finish: string | null = null,
        usage?: ScenarioUsage,
      ): SseEvent => ({
        data: {
          id: s.id,
          object: "chat.completion.chunk",
          created: CREATED,
          model: s.model,
          choices: [{ index: 0, delta, finish_reason: finish }],
          ...(usage ? { usage: mistralWireUsage(usage) } : {}),
        },
      });
      const events: SseEvent[] = [chunk({ role: "assistant", content: "" })];
      for (const piece of splitText(s.text, 3)) events.push(chunk({ content: piece }));
      if (s.toolCalls?.length) {
        events.push(
          chunk({ tool_calls: s.toolCalls.map(wireToolCall) }, s.rawFinishReason, s.usage),
        );
      } else {
        events.push(chunk({ content: "" }, s.rawFinishReason, s.usage));
      }
      return sse(events, {
        done: true,
        ...(options.delayMs !== undefined ? { delayMs: options.delayMs } : {}),
      });
    },
    embedReply(s: EmbedScenario) {
      return json({
        id: "emb_conformance_1",
        object: "list",
        data: s.embeddings.map((embedding, index) => ({ object: "embedding", embedding, index })),
        model: s.model,
        usage: {
          prompt_tokens: s.promptTokens,
          total_tokens: s.promptTokens,
          completion_tokens: 0,
          prompt_audio_seconds: null,
        },
      });
    },
    probeReply() {
      const card = (id: string) => ({
        id,
        object: "model",
        created: CREATED,
        owned_by: "mistralai",
        capabilities: {
          completion_chat: true,
          completion_fim: false,
          function_calling: true,
          fine_tuning: false,
          vision: true,
          classification: false,
        },
        name: id,
        description: `Conformance model ${id}`,
        max_context_length: 131072,
        aliases: [],
        deprecation: null,
        default_model_temperature: 0.3,
        type: "base",
      });
      return json({ object: "list", data: [card("model-a"), card("model-b")] });
    },
    errorReply(status, message, headers) {
      const body =
        status === 401
          ? { detail: message }
          : { object: "error", message, ...errorKind(status), param: null };
      return json(body, { status, ...(headers ? { headers } : {}) });
    },
    streamErrorReply() {
      return sse(
        [
          {
            data: {
              id: "resp_stream_error",
              object: "chat.completion.chunk",
              created: CREATED,
              model: "conformance-model",
              choices: [
                { index: 0, delta: { role: "assistant", content: "" }, finish_reason: null },
              ],
            },
          },
          {
            data: {
              id: "resp_stream_error",
              object: "chat.completion.chunk",
              created: CREATED,
              model: "conformance-model",
              choices: [{ index: 0, delta: { content: "" }, finish_reason: "error" }],
            },
          },
        ],
        { done: true },
      );
    },
    finishReasons: [
      ["stop", "stop"],
      ["length", "length"],
      ["model_length", "length"],
      ["tool_calls", "tool_calls"],
      ["error", "error"],
    ],
    stopReason: "stop",
    toolCallsReason: "tool_calls",
    // Mistral reports prompt-cache hits but no reasoning-token count.
    usageDetail: false,
    credentialOf(request) {
      const auth = request.headers.authorization;
      return auth?.startsWith("Bearer ") ? auth.slice("Bearer ".length) : undefined;
    },
  };
}
