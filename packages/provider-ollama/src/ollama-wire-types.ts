import type { ChatResponse, Message, ToolCall } from "ollama";

/**
 * A tool call as recent Ollama servers send and accept it: the SDK's type
 * plus the `id` (and `function.index`) newer servers add. Older servers send
 * neither, and ignore both.
 */
export interface OllamaWireToolCall extends ToolCall {
  id?: string;
  function: ToolCall["function"] & { index?: number };
}

/** A chat message with the fields newer Ollama servers read beside the SDK's. */
export interface OllamaWireMessage extends Omit<Message, "tool_calls"> {
  tool_calls?: OllamaWireToolCall[];
  /** Links a `tool` message to the call it answers. */
  tool_call_id?: string;
}

/** A `/api/chat` reply or stream chunk, as parsed from the wire (fields may be missing). */
export interface OllamaWireChatChunk extends Partial<Omit<ChatResponse, "message" | "created_at">> {
  message?: Partial<OllamaWireMessage>;
  /** An RFC 3339 timestamp string on the wire, whatever the SDK's type says. */
  created_at?: unknown;
}
