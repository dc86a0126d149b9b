/**
 * Test-time transcoding of recordings made against Ollama's OpenAI-compatible
 * endpoint (`/v1/chat/completions`) into the native `/api/chat` shape that
 * the official `ollama` SDK reads. The recorded content (text, reasoning,
 * tool calls, token counts) is carried over unchanged; the framing is the
 * native one: what the same server sends on `/api/chat` for the same reply.
 */

interface CompatDelta {
  content?: string | null;
  reasoning?: string | null;
}

interface CompatToolCall {
  id?: string;
  index?: number;
  function: { name: string; arguments: string };
}

interface CompatChunk {
  model: string;
  created: number;
  choices: Array<{ delta?: CompatDelta; finish_reason?: string | null }>;
  usage?: { prompt_tokens: number; completion_tokens: number };
}

interface CompatCompletion {
  model: string;
  created: number;
  choices: Array<{
    message: { content?: string | null; reasoning?: string; tool_calls?: CompatToolCall[] };
    finish_reason: string;
  }>;
  usage: { prompt_tokens: number; completion_tokens: number };
}

const createdAt = (seconds: number) => new Date(seconds * 1000).toISOString();

// The native API reports a tool-calling turn as "stop"; the compat layer renames it.
const nativeReason = (reason: string | null | undefined) =>
  reason === "tool_calls" ? "stop" : (reason ?? "stop");

/** An SSE chat-completions body (as recorded) as native NDJSON lines. */
export function sseToNativeLines(body: string): unknown[] {
  const chunks = body
    .split("\n")
    .filter((line) => line.startsWith("data: {"))
    .map((line) => JSON.parse(line.slice("data: ".length)) as CompatChunk);
  const lines: unknown[] = [];
  let finish: string | null | undefined;
  for (const chunk of chunks) {
    const choice = chunk.choices[0];
    if (choice?.finish_reason) finish = choice.finish_reason;
    const delta = choice?.delta;
    if (delta && (delta.content || delta.reasoning)) {
      lines.push({
        model: chunk.model,
        created_at: createdAt(chunk.created),
        message: {
          role: "assistant",
          content: delta.content ?? "",
          ...(delta.reasoning ? { thinking: delta.reasoning } : {}),
        },
        done: false,
      });
    }
    if (chunk.usage) {
      lines.push({
        model: chunk.model,
        created_at: createdAt(chunk.created),
        message: { role: "assistant", content: "" },
        done: true,
        done_reason: nativeReason(finish),
        prompt_eval_count: chunk.usage.prompt_tokens,
        eval_count: chunk.usage.completion_tokens,
      });
    }
  }
  return lines;
}

/** A non-streamed chat completion (as recorded) as a native `/api/chat` reply. */
export function completionToNativeReply(body: string): Record<string, unknown> {
  const completion = JSON.parse(body) as CompatCompletion;
  const choice = completion.choices[0];
  const message = choice?.message ?? {};
  return {
    model: completion.model,
    created_at: createdAt(completion.created),
    message: {
      role: "assistant",
      content: message.content ?? "",
      ...(message.reasoning ? { thinking: message.reasoning } : {}),
      ...(message.tool_calls?.length
        ? {
            tool_calls: message.tool_calls.map((call, index) => ({
              ...(call.id ? { id: call.id } : {}),
              function: {
                index: call.index ?? index,
                name: call.function.name,
                arguments: JSON.parse(call.function.arguments) as unknown,
              },
            })),
          }
        : {}),
    },
    done: true,
    done_reason: nativeReason(choice?.finish_reason),
    prompt_eval_count: completion.usage.prompt_tokens,
    eval_count: completion.usage.completion_tokens,
  };
}
