import type { RawMessageStreamEvent } from "@anthropic-ai/sdk/resources/messages";
import type { ChatStreamEvent, FinishEvent } from "@oss-ai-agent-tool/core";
import { mapAnthropicFinishReason } from "./map-anthropic-finish-reason.js";
import { JSON_RESPONSE_TOOL_NAME } from "./map-anthropic-response-format.js";
import {
  type AnthropicUsageLike,
  mapAnthropicUsage,
  mergeAnthropicUsage,
} from "./map-anthropic-usage.js";

/** Options of {@link mapAnthropicStream}. */
export interface MapAnthropicStreamOptions {
  /** The request was `json_object`: the forced `json` tool's input streams as reply text. */
  jsonTool?: boolean;
}

interface OpenCall {
  position: number;
  id: string;
  name: string;
  arguments: string;
  /** `content_block_start` may carry the whole input (some proxies send no deltas). */
  initialInput: unknown;
}

type Block =
  | { kind: "call"; call: OpenCall }
  | { kind: "json"; text: string; initialInput: unknown }
  | { kind: "content" };

/** Loosely typed stream events: the wire may carry types this SDK version does not know. */
type LooseEvent = RawMessageStreamEvent | { type: string; [key: string]: unknown };

function isNonEmptyObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length > 0
  );
}

function objectField(value: Record<string, unknown>, key: string): Record<string, unknown> {
  const field = value[key];
  return typeof field === "object" && field !== null ? (field as Record<string, unknown>) : {};
}

function indexOf(event: Record<string, unknown>): number {
  return typeof event.index === "number" ? event.index : -1;
}

function stringField(value: unknown, key: string): string {
  if (typeof value !== "object" || value === null) return "";
  const field = (value as Record<string, unknown>)[key];
  return typeof field === "string" ? field : "";
}

/**
 * Maps Anthropic's raw stream events (what `messages.create({ stream: true })`
 * yields) to contract events. Pure: it only reads the iterable it is given.
 *
 * - `text_delta` → `text-delta`; `thinking_delta` → `reasoning-delta`;
 *   `signature_delta`, `citations_delta` and `redacted_thinking` blocks have
 *   no place in the contract and are skipped.
 * - A `tool_use` block announces a call (`tool-call-start`, with Anthropic's
 *   id and the name), its `input_json_delta` fragments follow as
 *   `tool-call-delta`, and `content_block_stop` ends it with the whole
 *   arguments string (`tool-call-end`). A call whose fragments add up to
 *   nothing ends as `"{}"` (or the input its start carried), with a matching
 *   delta, so the deltas always concatenate to the arguments. Server-tool
 *   blocks ran upstream and are skipped.
 * - Usage is merged from `message_start` and `message_delta` (whose counts
 *   are final) and reported once, after the content, if the stream had any.
 * - `finish` comes last, after `message_stop`. A stream that ends without
 *   `message_stop` yields no `finish`, which the runner reports as truncated.
 * - `ping` never reaches here: the SDK drops it. An `error` event makes the
 *   SDK throw, which ends this generator with that error.
 */
export async function* mapAnthropicStream(
  events: AsyncIterable<LooseEvent>,
  options: MapAnthropicStreamOptions = {},
): AsyncGenerator<ChatStreamEvent, void, undefined> {
  const blocks = new Map<number, Block>();
  let calls = 0;
  let usage: AnthropicUsageLike | undefined;
  let stopReason: string | undefined;
  let stopped = false;
  let jsonAnswered = false;
  let id: string | undefined;
  let model: string | undefined;

  function* endCall(call: OpenCall): Generator<ChatStreamEvent> {
    if (!call.arguments) {
      call.arguments = isNonEmptyObject(call.initialInput)
        ? JSON.stringify(call.initialInput)
        : "{}";
      yield {
        type: "tool-call-delta",
        index: call.position,
        id: call.id,
        argumentsDelta: call.arguments,
      };
    }
    yield {
      type: "tool-call-end",
      index: call.position,
      id: call.id,
      name: call.name,
      arguments: call.arguments,
    };
  }

  function* endBlock(index: number): Generator<ChatStreamEvent> {
    const block = blocks.get(index);
    blocks.delete(index);
    if (block?.kind === "call") yield* endCall(block.call);
    if (block?.kind === "json" && !block.text) {
      const text = isNonEmptyObject(block.initialInput) ? JSON.stringify(block.initialInput) : "{}";
      yield { type: "text-delta", delta: text };
    }
  }

  for await (const raw of events) {
    const event = raw as unknown as Record<string, unknown>;
    switch (event.type) {
      case "message_start": {
        const message = objectField(event, "message");
        id = stringField(message, "id") || id;
        model = stringField(message, "model") || model;
        usage = mergeAnthropicUsage(usage, message.usage as AnthropicUsageLike | undefined);
        break;
      }
      case "content_block_start": {
        const index = indexOf(event);
        const block = objectField(event, "content_block");
        if (block.type === "tool_use") {
          const name = stringField(block, "name");
          if (options.jsonTool && name === JSON_RESPONSE_TOOL_NAME) {
            blocks.set(index, { kind: "json", text: "", initialInput: block.input });
            jsonAnswered = true;
            break;
          }
          const call: OpenCall = {
            position: calls++,
            id: stringField(block, "id") || `toolu_oaat_${calls - 1}`,
            name,
            arguments: "",
            initialInput: block.input,
          };
          blocks.set(index, { kind: "call", call });
          yield { type: "tool-call-start", index: call.position, id: call.id, name };
        } else {
          blocks.set(index, { kind: "content" });
          const text = block.type === "text" ? stringField(block, "text") : "";
          if (text) yield { type: "text-delta", delta: text };
          const thinking = block.type === "thinking" ? stringField(block, "thinking") : "";
          if (thinking) yield { type: "reasoning-delta", delta: thinking };
        }
        break;
      }
      case "content_block_delta": {
        const delta = objectField(event, "delta");
        const block = blocks.get(indexOf(event));
        if (delta.type === "text_delta") {
          const text = stringField(delta, "text");
          if (text) yield { type: "text-delta", delta: text };
        } else if (delta.type === "thinking_delta") {
          const text = stringField(delta, "thinking");
          if (text) yield { type: "reasoning-delta", delta: text };
        } else if (delta.type === "input_json_delta") {
          const piece = stringField(delta, "partial_json");
          if (!piece) break;
          if (block?.kind === "call") {
            block.call.arguments += piece;
            yield {
              type: "tool-call-delta",
              index: block.call.position,
              id: block.call.id,
              argumentsDelta: piece,
            };
          } else if (block?.kind === "json") {
            block.text += piece;
            yield { type: "text-delta", delta: piece };
          }
        }
        break;
      }
      case "content_block_stop":
        yield* endBlock(indexOf(event));
        break;
      case "message_delta": {
        const reason = stringField(objectField(event, "delta"), "stop_reason");
        if (reason) stopReason = reason;
        usage = mergeAnthropicUsage(usage, event.usage as AnthropicUsageLike | null | undefined);
        break;
      }
      case "message_stop":
        stopped = true;
        break;
      default:
        break;
    }
  }

  // Without message_stop the reply is cut off: no finish, and no call is ended on partial arguments.
  if (!stopped) return;
  // A block the stream never closed still ends, so no call is left without its arguments.
  for (const index of [...blocks.keys()]) yield* endBlock(index);
  const mapped = mapAnthropicUsage(usage);
  if (mapped) yield { type: "usage", usage: mapped };
  const finish: FinishEvent = {
    type: "finish",
    finishReason:
      jsonAnswered && stopReason === "tool_use" && calls === 0
        ? "stop"
        : mapAnthropicFinishReason(stopReason),
    ...(stopReason !== undefined ? { rawFinishReason: stopReason } : {}),
    ...(id ? { id } : {}),
    ...(model ? { model } : {}),
  };
  yield finish;
}
