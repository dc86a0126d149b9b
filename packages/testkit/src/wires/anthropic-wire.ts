import type { ChatScenario, ScenarioUsage, WireAdapter } from "../conformance/wire-adapter.js";
import { json, type RecordedRequest, type SseEvent, sse } from "../mock-upstream/index.js";
import { splitText } from "./split-text.js";

/**
 * Anthropic's usage object for a scenario. Anthropic counts cache reads apart
 * from `input_tokens`, so the scenario's prompt total is split into the two;
 * reasoning tokens travel as `output_tokens_details.thinking_tokens`.
 */
export function anthropicWireUsage(usage: ScenarioUsage): Record<string, unknown> {
  const cached = usage.cachedPromptTokens ?? 0;
  return {
    input_tokens: usage.promptTokens - cached,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: cached,
    cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
    output_tokens: usage.completionTokens,
    ...(usage.reasoningTokens !== undefined
      ? { output_tokens_details: { thinking_tokens: usage.reasoningTokens } }
      : {}),
    service_tier: "standard",
    inference_geo: "not_available",
  };
}

/** The error `type` Anthropic puts in an error body, by HTTP status. */
export function anthropicErrorType(status: number): string {
  if (status === 401) return "authentication_error";
  if (status === 402) return "billing_error";
  if (status === 403) return "permission_error";
  if (status === 404) return "not_found_error";
  if (status === 413) return "request_too_large";
  if (status === 429) return "rate_limit_error";
  if (status === 504) return "timeout_error";
  if (status === 529) return "overloaded_error";
  if (status >= 500) return "api_error";
  return "invalid_request_error";
}

/** An Anthropic error body: `{ type: "error", error: { type, message }, request_id }`. */
export function anthropicErrorBody(type: string, message: string): Record<string, unknown> {
  return { type: "error", error: { type, message }, request_id: "req_011CwireConformance" };
}

function isStreamRequest(request: RecordedRequest): boolean {
  try {
    return (request.json() as { stream?: unknown }).stream === true;
  } catch {
    return false;
  }
}

/** One named SSE anthropicFrame, as Anthropic sends it: `event: <type>` then `data: {json}`. */
export function anthropicFrame(data: { type: string } & Record<string, unknown>): SseEvent {
  return { event: data.type, data };
}

/** A reply's content blocks: text first, then the tool calls with their arguments parsed. */
function contentOf(s: ChatScenario): Record<string, unknown>[] {
  const blocks: Record<string, unknown>[] = [];
  if (s.text.length > 0) blocks.push({ type: "text", text: s.text, citations: null });
  for (const call of s.toolCalls ?? []) {
    blocks.push({
      type: "tool_use",
      id: call.id,
      name: call.name,
      input: JSON.parse(call.arguments) as unknown,
      caller: { type: "direct" },
    });
  }
  return blocks;
}

/** The frames of a scenario streamed as Anthropic does, one content block after another. */
export function anthropicStreamFrames(s: ChatScenario): SseEvent[] {
  const usage = anthropicWireUsage(s.usage);
  const frames: SseEvent[] = [
    anthropicFrame({
      type: "message_start",
      message: {
        id: s.id,
        type: "message",
        role: "assistant",
        model: s.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        stop_details: null,
        usage: { ...usage, output_tokens: 1 },
      },
    }),
  ];
  let index = 0;
  if (s.text.length > 0) {
    frames.push(
      anthropicFrame({
        type: "content_block_start",
        index,
        content_block: { type: "text", text: "" },
      }),
    );
    frames.push(anthropicFrame({ type: "ping" }));
    for (const text of splitText(s.text, 3)) {
      frames.push(
        anthropicFrame({ type: "content_block_delta", index, delta: { type: "text_delta", text } }),
      );
    }
    frames.push(anthropicFrame({ type: "content_block_stop", index }));
    index++;
  }
  for (const call of s.toolCalls ?? []) {
    frames.push(
      anthropicFrame({
        type: "content_block_start",
        index,
        content_block: {
          type: "tool_use",
          id: call.id,
          name: call.name,
          input: {},
          caller: { type: "direct" },
        },
      }),
    );
    // Anthropic opens every tool input with an empty fragment.
    for (const partial_json of ["", ...splitText(call.arguments, 5)]) {
      frames.push(
        anthropicFrame({
          type: "content_block_delta",
          index,
          delta: { type: "input_json_delta", partial_json },
        }),
      );
    }
    frames.push(anthropicFrame({ type: "content_block_stop", index }));
    index++;
  }
  const { cache_creation: _c, service_tier: _s, inference_geo: _g, ...deltaUsage } = usage;
  frames.push(
    anthropicFrame({
      type: "message_delta",
      delta: { stop_reason: s.rawFinishReason, stop_sequence: null, stop_details: null },
      usage: deltaUsage,
    }),
  );
  frames.push(anthropicFrame({ type: "message_stop" }));
  return frames;
}

/**
 * The Anthropic Messages wire, as the API sends it (API version 2026-10-21):
 *
 * - `POST /v1/messages` answers a JSON message with `content` blocks (`text`,
 *   `tool_use` with its `input` as an object), `stop_reason` and `usage`
 *   (`input_tokens` without the cache reads, which come apart);
 * - with `stream: true`, an SSE stream of named events (`message_start`,
 *   `content_block_start`/`_delta`/`_stop`, `ping`, `message_delta`,
 *   `message_stop`, and no `[DONE]`): the SDK dispatches on the event name;
 * - `GET /v1/models` lists model cards;
 * - errors are `{ type: "error", error: { type, message } }`, also as an
 *   `event: error` anthropicFrame inside a 200 stream;
 * - the SDK sends the API key as `Authorization: Bearer`.
 */
export function anthropicWire(): WireAdapter {
  return {
    routes: {
      chat: {
        method: "POST",
        path: (r) => r.path.endsWith("/v1/messages") && !isStreamRequest(r),
      },
      stream: {
        method: "POST",
        path: (r) => r.path.endsWith("/v1/messages") && isStreamRequest(r),
      },
      probe: { method: "GET", path: /\/v1\/models$/ },
    },
    chatReply(s) {
      return json({
        id: s.id,
        type: "message",
        role: "assistant",
        model: s.model,
        content: contentOf(s),
        stop_reason: s.rawFinishReason,
        stop_sequence: null,
        stop_details: null,
        container: null,
        usage: anthropicWireUsage(s.usage),
      });
    },
    streamReply(s, options = {}) {
      return sse(anthropicStreamFrames(s), {
        ...(options.delayMs !== undefined ? { delayMs: options.delayMs } : {}),
      });
    },
    probeReply() {
      const card = (id: string, display_name: string) => ({
        type: "model",
        id,
        display_name,
        created_at: "2026-10-01T00:00:00Z",
      });
      return json({
        data: [card("model-a", "Model A"), card("model-b", "Model B")],
        has_more: false,
        first_id: "model-a",
        last_id: "model-b",
      });
    },
    errorReply(status, message, headers) {
      return json(anthropicErrorBody(anthropicErrorType(status), message), {
        status,
        ...(headers ? { headers } : {}),
      });
    },
    streamErrorReply(status, message) {
      // Anthropic reports a failure after the 200 (typically overload) as an `error` event.
      return sse([
        anthropicFrame({
          type: "message_start",
          message: {
            id: "msg_stream_error",
            type: "message",
            role: "assistant",
            model: "conformance-model",
            content: [],
            stop_reason: null,
            stop_sequence: null,
            usage: { input_tokens: 5, output_tokens: 1 },
          },
        }),
        anthropicFrame({ type: "ping" }),
        { event: "error", data: anthropicErrorBody(anthropicErrorType(status), message) },
      ]);
    },
    finishReasons: [
      ["end_turn", "stop"],
      ["stop_sequence", "stop"],
      ["max_tokens", "length"],
      ["model_context_window_exceeded", "length"],
      ["tool_use", "tool_calls"],
      ["refusal", "content_filter"],
      ["pause_turn", "other"],
    ],
    stopReason: "end_turn",
    toolCallsReason: "tool_use",
    usageDetail: true,
    credentialOf(request) {
      const auth = request.headers.authorization;
      if (auth?.startsWith("Bearer ")) return auth.slice("Bearer ".length);
      return request.headers["x-api-key"];
    },
  };
}
