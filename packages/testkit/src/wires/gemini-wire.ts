import type { ChatScenario, ScenarioUsage, WireAdapter } from "../conformance/wire-adapter.js";
import { json, type RecordedRequest, type SseEvent, sse } from "../mock-upstream/index.js";

/** Google's canonical status name for an HTTP status, as its error bodies carry it. */
export function googleStatusName(status: number): string {
  if (status === 400) return "INVALID_ARGUMENT";
  if (status === 401) return "UNAUTHENTICATED";
  if (status === 403) return "PERMISSION_DENIED";
  if (status === 404) return "NOT_FOUND";
  if (status === 429) return "RESOURCE_EXHAUSTED";
  if (status === 499) return "CANCELLED";
  if (status === 500) return "INTERNAL";
  if (status === 504) return "DEADLINE_EXCEEDED";
  if (status >= 500) return "UNAVAILABLE";
  return "FAILED_PRECONDITION";
}

/** Gemini's `usageMetadata`: completion tokens split into candidates and thoughts. */
export function geminiWireUsage(usage: ScenarioUsage): Record<string, unknown> {
  const thoughts = usage.reasoningTokens ?? 0;
  return {
    promptTokenCount: usage.promptTokens,
    candidatesTokenCount: usage.completionTokens - thoughts,
    totalTokenCount: usage.totalTokens,
    promptTokensDetails: [{ modality: "TEXT", tokenCount: usage.promptTokens }],
    ...(usage.cachedPromptTokens !== undefined
      ? { cachedContentTokenCount: usage.cachedPromptTokens }
      : {}),
    ...(thoughts > 0 ? { thoughtsTokenCount: thoughts } : {}),
  };
}

/** Google's error body, with `RetryInfo` on a 429 as the API sends it. */
export function googleErrorBody(
  status: number,
  message: string,
  retryDelay?: string,
): Record<string, unknown> {
  const details: unknown[] = [];
  if (status === 429) {
    details.push({
      "@type": "type.googleapis.com/google.rpc.QuotaFailure",
      violations: [{ quotaId: "GenerateRequestsPerMinutePerProjectPerModel" }],
    });
    if (retryDelay !== undefined)
      details.push({ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay });
  }
  return {
    error: {
      code: status,
      message,
      status: googleStatusName(status),
      ...(details.length ? { details } : {}),
    },
  };
}

/** Gemini's finish reasons are upper case; shared scenarios may name them in lower case (`stop`). */
function wireFinishReason(raw: string): string {
  return raw.toUpperCase();
}

function pieces(text: string, size: number): string[] {
  const chars = Array.from(text);
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(""));
  return out;
}

function functionCallParts(s: ChatScenario): Record<string, unknown>[] {
  return (s.toolCalls ?? []).map((call) => ({
    functionCall: { name: call.name, args: JSON.parse(call.arguments) as unknown },
  }));
}

/**
 * The Gemini API wire (`generativelanguage.googleapis.com/v1beta`), as
 * recorded from the real API:
 *
 * - `POST /v1beta/models/{model}:generateContent` answers
 *   `{ candidates: [{ content: { role: "model", parts }, finishReason }],
 *   usageMetadata, modelVersion, responseId }`; a function call is a whole
 *   `functionCall` part with `args` as an object, and a turn of calls ends
 *   with `STOP`; an empty reply has a content without parts;
 * - `POST ...:streamGenerateContent?alt=sse` streams the same objects as
 *   `data: {json}\r\n\r\n` frames (CRLF, no `[DONE]`), each with the
 *   cumulative usage so far, the last with the finish reason;
 * - `POST ...:batchEmbedContents` answers `{ embeddings: [{ values }],
 *   usageMetadata: { promptTokenCount } }`;
 * - `GET /v1beta/models` answers `{ models: [{ name: "models/..." }] }`;
 * - errors are `{ error: { code, message, status, details } }`, a 429 with
 *   `google.rpc.RetryInfo`; an error after the 200 of a stream is a frame
 *   holding that error object;
 * - the key arrives in `x-goog-api-key`.
 */
export function geminiWire(): WireAdapter {
  return {
    routes: {
      chat: { method: "POST", path: /^\/v1beta\/models\/[^/]+:generateContent$/ },
      stream: {
        method: "POST",
        path: (r: RecordedRequest) =>
          /^\/v1beta\/models\/[^/]+:streamGenerateContent$/.test(r.path) && r.query.alt === "sse",
      },
      embed: { method: "POST", path: /^\/v1beta\/models\/[^/]+:batchEmbedContents$/ },
      probe: { method: "GET", path: /^\/v1beta\/models$/ },
    },
    chatReply(s) {
      const parts = [...(s.text ? [{ text: s.text }] : []), ...functionCallParts(s)];
      return json({
        candidates: [
          {
            content: { ...(parts.length ? { parts } : {}), role: "model" },
            finishReason: wireFinishReason(s.rawFinishReason),
            index: 0,
          },
        ],
        usageMetadata: geminiWireUsage(s.usage),
        modelVersion: s.model,
        responseId: s.id,
      });
    },
    streamReply(s, options = {}) {
      const frame = (parts: unknown[], usage: ScenarioUsage, finish?: string): SseEvent => ({
        data: {
          candidates: [
            {
              content: { parts, role: "model" },
              ...(finish ? { finishReason: finish } : {}),
              index: 0,
            },
          ],
          usageMetadata: geminiWireUsage(usage),
          modelVersion: s.model,
          responseId: s.id,
        },
      });
      const textPieces = pieces(s.text, 4);
      const events: SseEvent[] = textPieces.map((piece, i) =>
        frame([{ text: piece }], {
          ...s.usage,
          completionTokens: Math.min(s.usage.completionTokens, i + 1),
          totalTokens: s.usage.promptTokens + Math.min(s.usage.completionTokens, i + 1),
          reasoningTokens: 0,
        }),
      );
      const calls = functionCallParts(s);
      events.push(
        frame(calls.length ? calls : [{ text: "" }], s.usage, wireFinishReason(s.rawFinishReason)),
      );
      return sse(events, {
        lineEnding: "\r\n",
        ...(options.delayMs !== undefined ? { delayMs: options.delayMs } : {}),
      });
    },
    embedReply(s) {
      return json({
        embeddings: s.embeddings.map((values) => ({ values })),
        usageMetadata: {
          promptTokenCount: s.promptTokens,
          promptTokenDetails: [{ modality: "TEXT", tokenCount: s.promptTokens }],
        },
      });
    },
    probeReply() {
      const card = (name: string) => ({
        name: `models/${name}`,
        version: "001",
        displayName: name,
        inputTokenLimit: 1048576,
        outputTokenLimit: 65536,
        supportedGenerationMethods: ["generateContent", "countTokens"],
        thinking: true,
      });
      return json({ models: [card("gemini-2.5-flash"), card("gemini-2.5-pro")] });
    },
    errorReply(status, message, headers) {
      const retryAfter = headers?.["retry-after"];
      return json(googleErrorBody(status, message, `${retryAfter ?? "1"}s`), {
        status,
        ...(headers ? { headers } : {}),
      });
    },
    streamErrorReply(status, message) {
      // Google has no 529; an overloaded model is a 503 UNAVAILABLE.
      const code = status > 504 ? 503 : status;
      return sse([{ data: googleErrorBody(code, message) }], { lineEnding: "\r\n" });
    },
    finishReasons: [
      ["STOP", "stop"],
      ["STOP", "tool_calls"],
      ["MAX_TOKENS", "length"],
      ["SAFETY", "content_filter"],
      ["RECITATION", "content_filter"],
      ["PROHIBITED_CONTENT", "content_filter"],
      ["BLOCKLIST", "content_filter"],
      ["SPII", "content_filter"],
      ["MALFORMED_FUNCTION_CALL", "error"],
      ["LANGUAGE", "other"],
      ["OTHER", "other"],
      ["FINISH_REASON_UNSPECIFIED", "other"],
    ],
    stopReason: "STOP",
    toolCallsReason: "STOP",
    usageDetail: true,
    credentialOf(request) {
      return request.headers["x-goog-api-key"];
    },
  };
}
