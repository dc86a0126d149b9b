/**
 * Reading recorded OpenRouter traffic independently of the SDK, so that a
 * replay can be checked against what the recording really says.
 */

/** One record of an ai-sdk-provider e2e `response.jsonl`. */
export type JsonlRecord =
  | { json: unknown }
  | { comment: string }
  | { text: string }
  | { delay_ms: number };

export interface RecordedUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens?: number } | null;
  completion_tokens_details?: { reasoning_tokens?: number } | null;
}

interface RecordedChunk {
  id?: string;
  choices?: Array<{
    delta?: {
      content?: string | null;
      reasoning?: string | null;
      tool_calls?: Array<{
        index: number;
        id?: string;
        function?: { name?: string; arguments?: string };
      }>;
    };
    finish_reason?: string | null;
  }>;
  usage?: RecordedUsage;
}

/** What a recorded stream adds up to. */
export interface StreamSummary {
  text: string;
  reasoning: string;
  toolCalls: Array<{ id: string; name: string; arguments: string }>;
  usage: RecordedUsage | undefined;
  finish: string | undefined;
  comments: number;
}

/**
 * The wire writes of a recorded stream, in order: each JSON record as one
 * `data:` frame, each comment as recorded, and a payload that arrived split
 * across network reads (consecutive `text` records) as several writes that
 * only together form its frame. Delays are not kept.
 */
export function jsonlToWrites(records: JsonlRecord[]): string[] {
  const writes: string[] = [];
  let pending: string[] = [];
  const flushText = () => {
    if (pending.length === 0) return;
    const [first = "", ...rest] = pending;
    const parts = [`data: ${first}`, ...rest];
    const last = parts.length - 1;
    if (!parts[last]?.endsWith("\n\n")) parts[last] = `${parts[last]}\n\n`;
    writes.push(...parts);
    pending = [];
  };
  for (const record of records) {
    if ("delay_ms" in record) continue;
    if ("text" in record) {
      pending.push(record.text);
      const joined = pending.join("").trim();
      if (joined === "[DONE]" || isJson(joined)) flushText();
      continue;
    }
    flushText();
    if ("comment" in record) writes.push(record.comment);
    else writes.push(`data: ${JSON.stringify(record.json)}\n\n`);
  }
  flushText();
  return writes;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The `data:` payloads of an SSE body (comments and `[DONE]` left out), parsed. */
export function ssePayloads(body: string): unknown[] {
  const payloads: unknown[] = [];
  for (const frame of body.replace(/\r\n/g, "\n").split("\n\n")) {
    const data = frame
      .split("\n")
      .filter((line) => line.startsWith("data:"))
      .map((line) => line.slice(5).replace(/^ /, ""))
      .join("\n");
    if (data === "" || data === "[DONE]") continue;
    payloads.push(JSON.parse(data));
  }
  return payloads;
}

/** Adds up recorded chunks the way a reader of the wire format would. */
export function summarize(payloads: unknown[], comments = 0): StreamSummary {
  const summary: StreamSummary = {
    text: "",
    reasoning: "",
    toolCalls: [],
    usage: undefined,
    finish: undefined,
    comments,
  };
  for (const payload of payloads as RecordedChunk[]) {
    for (const choice of payload.choices ?? []) {
      summary.text += choice.delta?.content ?? "";
      summary.reasoning += choice.delta?.reasoning ?? "";
      for (const call of choice.delta?.tool_calls ?? []) {
        const entry = summary.toolCalls[call.index] ?? { id: "", name: "", arguments: "" };
        summary.toolCalls[call.index] = entry;
        entry.id ||= call.id ?? "";
        entry.name ||= call.function?.name ?? "";
        entry.arguments += call.function?.arguments ?? "";
      }
      summary.finish = choice.finish_reason ?? summary.finish;
    }
    if (payload.usage) summary.usage = payload.usage;
  }
  return summary;
}

/** Summarizes a `response.jsonl`, joining split payloads. */
export function summarizeJsonl(records: JsonlRecord[]): StreamSummary {
  const writes = jsonlToWrites(records);
  const comments = records.filter((r) => "comment" in r).length;
  return summarize(ssePayloads(writes.join("")), comments);
}
