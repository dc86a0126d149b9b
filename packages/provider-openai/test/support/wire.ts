/**
 * Chat-completions payloads written by hand from OpenAI's documented wire
 * format (API reference: "The chat completion object", "The chat completion
 * chunk object"), for the tests that must run without the shared recordings.
 */
import type OpenAI from "openai";

type Chunk = OpenAI.Chat.Completions.ChatCompletionChunk;
type Delta = Chunk["choices"][number]["delta"];

const CREATED = 1_764_000_000;

export function chunk(
  delta: Delta | Record<string, unknown>,
  finish: string | null = null,
  extra: Partial<Chunk> = {},
): Chunk {
  return {
    id: "chatcmpl-test-1",
    object: "chat.completion.chunk",
    created: CREATED,
    model: "gpt-4o-mini-2024-07-18",
    system_fingerprint: "fp_test",
    choices: [
      {
        index: 0,
        delta: delta as Delta,
        logprobs: null,
        finish_reason: finish as Chunk["choices"][number]["finish_reason"],
      },
    ],
    usage: null,
    ...extra,
  };
}

export function usageChunk(usage: Record<string, unknown>): Chunk {
  return {
    id: "chatcmpl-test-1",
    object: "chat.completion.chunk",
    created: CREATED,
    model: "gpt-4o-mini-2024-07-18",
    system_fingerprint: "fp_test",
    choices: [],
    usage: usage as unknown as Chunk["usage"],
  };
}

export const fullUsage = {
  prompt_tokens: 19,
  completion_tokens: 10,
  total_tokens: 29,
  prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
  completion_tokens_details: {
    reasoning_tokens: 0,
    audio_tokens: 0,
    accepted_prediction_tokens: 0,
    rejected_prediction_tokens: 0,
  },
};

export function completion(
  message: Record<string, unknown>,
  finish = "stop",
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    id: "chatcmpl-test-2",
    object: "chat.completion",
    created: CREATED,
    model: "gpt-4o-mini-2024-07-18",
    choices: [
      {
        index: 0,
        message: { role: "assistant", refusal: null, annotations: [], ...message },
        logprobs: null,
        finish_reason: finish,
      },
    ],
    usage: fullUsage,
    service_tier: "default",
    system_fingerprint: "fp_test",
    ...extra,
  };
}
