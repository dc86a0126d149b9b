import type {
  ChatScenario,
  EmbedScenario,
  ScenarioUsage,
  WireAdapter,
} from "../conformance/wire-adapter.js";
import type { RecordedRequest } from "../mock-upstream/index.js";
import { json, ndjson } from "../mock-upstream/index.js";
import { splitText } from "./split-text.js";

function isStreamRequest(request: RecordedRequest): boolean {
  try {
    return (request.json() as { stream?: unknown }).stream === true;
  } catch {
    return false;
  }
}

const CREATED_AT = "2026-01-15T10:20:30.123456789Z";

/** The counts and timings Ollama puts on its final chunk. */
function finalMetrics(usage: ScenarioUsage): Record<string, unknown> {
  return {
    total_duration: 812_345_678,
    load_duration: 12_345_678,
    prompt_eval_count: usage.promptTokens,
    prompt_eval_duration: 45_678_000,
    eval_count: usage.completionTokens,
    eval_duration: 654_321_000,
  };
}

/** Tool calls as Ollama sends them: arguments as an object, and (before 0.12) no id. */
function wireToolCalls(s: ChatScenario): Record<string, unknown> {
  if (!s.toolCalls?.length) return {};
  return {
    tool_calls: s.toolCalls.map((call, index) => ({
      function: { index, name: call.name, arguments: JSON.parse(call.arguments) as unknown },
    })),
  };
}

/**
 * Ollama's native wire (`/api/chat`, `/api/embed`, `/api/tags`), as the
 * official `ollama` SDK talks to it: a non-streamed reply is one JSON object
 * with `done: true`; a stream is NDJSON, one such object per line, the last
 * with `done: true`, `done_reason`, the counts and the timings; errors are
 * `{ "error": "..." }` with the HTTP status, and inside a 200 stream a line
 * `{ "error": "..." }`. A turn that ends in tool calls has `done_reason`
 * `stop`; the counts are `prompt_eval_count` and `eval_count` only.
 */
export function ollamaWire(): WireAdapter {
  return {
    routes: {
      chat: { method: "POST", path: (r) => r.path === "/api/chat" && !isStreamRequest(r) },
      stream: { method: "POST", path: (r) => r.path === "/api/chat" && isStreamRequest(r) },
      embed: { method: "POST", path: "/api/embed" },
      probe: { method: "GET", path: "/api/tags" },
    },
    chatReply(s) {
      return json({
        model: s.model,
        created_at: CREATED_AT,
        message: { role: "assistant", content: s.text, ...wireToolCalls(s) },
        done_reason: s.rawFinishReason,
        done: true,
        ...finalMetrics(s.usage),
      });
    },
    streamReply(s, options = {}) {
      const line = (message: Record<string, unknown>) => ({
        model: s.model,
        created_at: CREATED_AT,
        message: { role: "assistant", ...message },
        done: false,
      });
      const lines: unknown[] = splitText(s.text, 3).map((piece) => line({ content: piece }));
      // Ollama sends each parsed tool call whole, in a chunk of its own.
      if (s.toolCalls?.length) lines.push(line({ content: "", ...wireToolCalls(s) }));
      lines.push({
        model: s.model,
        created_at: CREATED_AT,
        message: { role: "assistant", content: "" },
        done: true,
        done_reason: s.rawFinishReason,
        ...finalMetrics(s.usage),
      });
      return ndjson(lines, options.delayMs !== undefined ? { delayMs: options.delayMs } : {});
    },
    embedReply(s: EmbedScenario) {
      return json({
        model: s.model,
        embeddings: s.embeddings,
        total_duration: 14_143_917,
        load_duration: 1_019_500,
        prompt_eval_count: s.promptTokens,
      });
    },
    probeReply() {
      return json({
        models: [
          {
            name: "llama3.2:latest",
            model: "llama3.2:latest",
            modified_at: "2026-01-10T08:00:00.000000000Z",
            size: 2_019_393_189,
            digest: "a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72",
            details: {
              parent_model: "",
              format: "gguf",
              family: "llama",
              families: ["llama"],
              parameter_size: "3.2B",
              quantization_level: "Q4_K_M",
            },
          },
          {
            name: "nomic-embed-text:latest",
            model: "nomic-embed-text:latest",
            modified_at: "2026-01-09T08:00:00.000000000Z",
            size: 274_302_450,
            digest: "0a109f422b47e3a30ba2b10eca18548e944e8a23073ee3f3e947efcf3c45e59f",
            details: {
              parent_model: "",
              format: "gguf",
              family: "nomic-bert",
              families: ["nomic-bert"],
              parameter_size: "137M",
              quantization_level: "F16",
            },
          },
        ],
      });
    },
    errorReply(status, message, headers) {
      return json({ error: message }, { status, ...(headers ? { headers } : {}) });
    },
    streamErrorReply(_status, message) {
      // A failure after the 200 (the model runner died) is one `error` line, and no `done`.
      return ndjson([{ error: message }]);
    },
    finishReasons: [
      ["stop", "stop"],
      ["length", "length"],
      ["load", "other"],
      ["unload", "other"],
      // Ollama ends a tool-calling turn with "stop": the calls make it tool_calls.
      ["stop", "tool_calls"],
    ],
    stopReason: "stop",
    toolCallsReason: "stop",
    usageDetail: false,
    credentialOf(request) {
      const auth = request.headers.authorization;
      return auth?.startsWith("Bearer ") ? auth.slice("Bearer ".length) : undefined;
    },
  };
}
