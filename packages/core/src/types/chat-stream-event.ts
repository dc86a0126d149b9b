import type { FinishReason } from "./finish-reason.js";
import type { Usage } from "./usage.js";

/** A piece of reply text. */
export interface TextDeltaEvent {
  type: "text-delta";
  delta: string;
}

/** A piece of reasoning text. */
export interface ReasoningDeltaEvent {
  type: "reasoning-delta";
  delta: string;
}

/** A tool call begins. `index` orders calls within the reply. */
export interface ToolCallStartEvent {
  type: "tool-call-start";
  index: number;
  id: string;
  name: string;
}

/** A fragment of a tool call's JSON arguments. Concatenated in order they form the arguments. */
export interface ToolCallDeltaEvent {
  type: "tool-call-delta";
  index: number;
  id: string;
  argumentsDelta: string;
}

/** A tool call is complete; `arguments` is the whole JSON string. */
export interface ToolCallEndEvent {
  type: "tool-call-end";
  index: number;
  id: string;
  name: string;
  arguments: string;
}

/** Token usage, normally sent once near the end of the stream. */
export interface UsageEvent {
  type: "usage";
  usage: Usage;
}

/** The stream is done. Always the last event of a successful stream. */
export interface FinishEvent {
  type: "finish";
  finishReason: FinishReason;
  rawFinishReason?: string;
  /** The provider's response id, where it gave one. */
  id?: string;
  /** The model that answered, where the provider reported it. */
  model?: string;
}

/** One event of a streamed chat reply. */
export type ChatStreamEvent =
  | TextDeltaEvent
  | ReasoningDeltaEvent
  | ToolCallStartEvent
  | ToolCallDeltaEvent
  | ToolCallEndEvent
  | UsageEvent
  | FinishEvent;
