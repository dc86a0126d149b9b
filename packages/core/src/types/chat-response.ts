import type { ToolCall } from "./chat-message.js";
import type { FinishReason } from "./finish-reason.js";
import type { Usage } from "./usage.js";

/** A complete, non-streamed chat reply in the provider-neutral contract. */
export interface ChatResponse {
  /** The provider's response id, or one the provider synthesized. */
  id: string;
  /** The provider id that answered. */
  provider: string;
  /** The model that answered, as the provider reported it. */
  model: string;
  /** The reply text; an empty string when the reply held only tool calls. */
  output: string;
  toolCalls?: ToolCall[];
  finishReason: FinishReason;
  /** The provider's own finish reason, kept for debugging and for clients that want it. */
  rawFinishReason?: string;
  usage?: Usage;
  /** Reasoning text, where the provider returns it. */
  reasoning?: string;
}
