/** A plain text part of a message. */
export interface TextPart {
  type: "text";
  text: string;
}

/**
 * An image part. Exactly one of `url` or `data` is set: `url` may be an
 * http(s) URL or a `data:` URL; `data` is base64 without a `data:` prefix.
 */
export interface ImagePart {
  type: "image";
  url?: string;
  /** Base64-encoded bytes, without a `data:` prefix. */
  data?: string;
  /** IANA media type such as `image/png`; required with `data`. */
  mediaType?: string;
  /** A hint some providers accept (OpenAI `detail`). */
  detail?: "auto" | "low" | "high";
}

/** The parts a user message may carry. */
export type UserContentPart = TextPart | ImagePart;

/** A tool call the assistant asked for. `arguments` is a JSON string, as on the OpenAI wire. */
export interface ToolCall {
  id: string;
  name: string;
  /** The call's arguments, serialized as a JSON object string ("{}" when there are none). */
  arguments: string;
}

/** Instructions that steer the model. Several are allowed; providers that take one concatenate them. */
export interface SystemMessage {
  role: "system";
  content: string | TextPart[];
}

/** A message from the end user. */
export interface UserMessage {
  role: "user";
  content: string | UserContentPart[];
  /** An optional participant name, passed through where the provider accepts it. */
  name?: string;
}

/** A message the model produced earlier in the conversation. */
export interface AssistantMessage {
  role: "assistant";
  /** Text of the reply; `null` or absent when the turn held only tool calls. */
  content?: string | TextPart[] | null;
  toolCalls?: ToolCall[];
  /** Reasoning text from an earlier turn, for providers that want it echoed back. */
  reasoning?: string;
}

/** The result of a tool call, sent back to the model. */
export interface ToolMessage {
  role: "tool";
  /** The `id` of the {@link ToolCall} this answers. */
  toolCallId: string;
  content: string | TextPart[];
  /** The tool's name; some providers (Gemini) need it and cannot infer it. */
  name?: string;
}

/** One message of a conversation. */
export type ChatMessage = SystemMessage | UserMessage | AssistantMessage | ToolMessage;

/** The role of a {@link ChatMessage}. */
export type ChatRole = ChatMessage["role"];
