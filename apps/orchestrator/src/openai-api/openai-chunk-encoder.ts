import type { ChatStreamEvent, FinishReason, Usage } from "@oss-ai-agent-tool/core";
import { mapFinishReasonToOpenAI } from "./map-finish-reason-to-openai.js";
import { SSE_DONE } from "./openai-sse.js";
import { toOpenAIUsage } from "./to-openai-usage.js";

/** What every chunk of one stream repeats. */
export interface OpenAIChunkEncoderOptions {
  /** The completion id, the same on every chunk. */
  id: string;
  /** The model to report: what the client asked for, or `provider/model`. */
  model: string;
  /** Unix time in seconds. */
  created: number;
  /** `stream_options.include_usage`: end with a usage chunk, and put `"usage": null` on the others. */
  includeUsage: boolean;
}

interface ToolCallState {
  /** The call's position in OpenAI's `tool_calls`. */
  index: number;
  /** Whether `id` and `type` went out. */
  opened: boolean;
  /** Whether the name went out; a call first seen through a delta has none yet. */
  nameSent: boolean;
  /** Whether any argument text went out, so `tool-call-end` knows whether to send it. */
  argumentsSent: boolean;
}

const ROLE = '"role":"assistant",';

/**
 * Turns core stream events into OpenAI `chat.completion.chunk` SSE text,
 * ready to write. One encoder per stream; `encode` returns `""` when an
 * event adds nothing to the wire (usage, repeated tool-call ends, empty
 * deltas, anything after `finish`).
 *
 * Chunks are built as strings around a prefix and suffix made once per
 * stream, so an event costs one `JSON.stringify` of its text and one string
 * concatenation rather than a chunk object and a full serialization.
 *
 * Semantics follow OpenAI: the first chunk with content carries
 * `delta.role: "assistant"`; reasoning goes in `delta.reasoning_content` (the
 * extension `toOpenAIChatCompletion` documents); tool calls get dense indexes
 * 0, 1, 2... in the order they start, whatever index the provider used,
 * because clients build `tool_calls[index]` and a gap leaves a hole in the
 * array; `finish` yields the finish chunk, then the usage chunk when asked
 * for, then `data: [DONE]`.
 */
export class OpenAIChunkEncoder {
  readonly #head: string;
  readonly #tail: string;
  readonly #usageHead: string;
  readonly #includeUsage: boolean;
  #rolePending = true;
  #finished = false;
  #usage: Usage | undefined;
  #toolCalls = new Map<number, ToolCallState>();

  constructor(opts: OpenAIChunkEncoderOptions) {
    const common = `data: {"id":${JSON.stringify(opts.id)},"object":"chat.completion.chunk","created":${Math.trunc(opts.created)},"model":${JSON.stringify(opts.model)},"choices":`;
    this.#head = `${common}[{"index":0,"delta":`;
    this.#tail = `,"logprobs":null,"finish_reason":null}]${opts.includeUsage ? ',"usage":null' : ""}}\n\n`;
    this.#usageHead = `${common}[],"usage":`;
    this.#includeUsage = opts.includeUsage;
  }

  /** Whether `finish` has been encoded; the stream is complete on the wire. */
  get finished(): boolean {
    return this.#finished;
  }

  /** The SSE text for one event, or `""` when there is nothing to send. */
  encode(event: ChatStreamEvent): string {
    if (this.#finished) return "";
    switch (event.type) {
      case "text-delta":
        return event.delta.length === 0
          ? ""
          : this.#chunk(`{${this.#role()}"content":${JSON.stringify(event.delta)}}`);
      case "reasoning-delta":
        return event.delta.length === 0
          ? ""
          : this.#chunk(`{${this.#role()}"reasoning_content":${JSON.stringify(event.delta)}}`);
      case "tool-call-start": {
        const state = this.#toolCall(event.index);
        if (state.nameSent) return "";
        state.opened = true;
        state.nameSent = true;
        return this.#toolChunk(
          `{"index":${state.index},"id":${JSON.stringify(event.id)},"type":"function","function":{"name":${JSON.stringify(event.name)},"arguments":""}}`,
        );
      }
      case "tool-call-delta":
        return this.#toolArguments(event.index, event.id, event.argumentsDelta);
      case "tool-call-end":
        return this.#toolCallEnd(event.index, event.id, event.name, event.arguments);
      case "usage":
        this.#usage = event.usage;
        return "";
      case "finish":
        return this.#finish(event.finishReason);
    }
  }

  #role(): string {
    if (!this.#rolePending) return "";
    this.#rolePending = false;
    return ROLE;
  }

  #chunk(delta: string): string {
    return this.#head + delta + this.#tail;
  }

  #toolChunk(call: string): string {
    return this.#chunk(`{${this.#role()}"tool_calls":[${call}]}`);
  }

  #toolCall(index: number): ToolCallState {
    let state = this.#toolCalls.get(index);
    if (!state) {
      state = { index: this.#toolCalls.size, opened: false, nameSent: false, argumentsSent: false };
      this.#toolCalls.set(index, state);
    }
    return state;
  }

  #toolArguments(index: number, id: string, text: string): string {
    if (text.length === 0) return "";
    const state = this.#toolCall(index);
    state.argumentsSent = true;
    if (!state.opened) {
      // A delta before any start: open the call with what is known; the name follows at its end.
      state.opened = true;
      return this.#toolChunk(
        `{"index":${state.index},"id":${JSON.stringify(id)},"type":"function","function":{"arguments":${JSON.stringify(text)}}}`,
      );
    }
    return this.#toolChunk(
      `{"index":${state.index},"function":{"arguments":${JSON.stringify(text)}}}`,
    );
  }

  #toolCallEnd(index: number, id: string, name: string, args: string): string {
    const state = this.#toolCall(index);
    if (state.nameSent && state.argumentsSent) return "";
    let call = `{"index":${state.index}`;
    if (!state.opened) call += `,"id":${JSON.stringify(id)},"type":"function"`;
    call += ',"function":{';
    if (!state.nameSent) call += `"name":${JSON.stringify(name)}`;
    if (!state.argumentsSent) {
      // OpenAI sends "{}" for a call without arguments; an empty string is not JSON.
      call += `${state.nameSent ? "" : ","}"arguments":${JSON.stringify(args.length > 0 ? args : "{}")}`;
    }
    call += "}}";
    state.opened = true;
    state.nameSent = true;
    state.argumentsSent = true;
    return this.#toolChunk(call);
  }

  #finish(reason: FinishReason): string {
    this.#finished = true;
    // A reply with no content at all still needs a role: the SDK's stream helper throws without one.
    const delta = this.#rolePending ? '{"role":"assistant","content":""}' : "{}";
    this.#rolePending = false;
    const finishTail = this.#tail.replace(
      '"finish_reason":null',
      `"finish_reason":"${mapFinishReasonToOpenAI(reason)}"`,
    );
    let out = this.#head + delta + finishTail;
    if (this.#includeUsage) {
      const usage = this.#usage ? JSON.stringify(toOpenAIUsage(this.#usage)) : "null";
      out += `${this.#usageHead + usage}}\n\n`;
    }
    return out + SSE_DONE;
  }
}
