import type { ChatMessage } from "./chat-message.js";

/** A JSON Schema document, kept as plain JSON. */
export type JsonSchema = { [key: string]: unknown };

/** A function the model may call. */
export interface ToolDefinition {
  name: string;
  description?: string;
  /** JSON Schema of the arguments object. */
  parameters: JsonSchema;
  /** Ask the provider to enforce the schema exactly, where it can. */
  strict?: boolean;
}

/** Whether and which tools the model may call. */
export type ToolChoice = "auto" | "none" | "required" | { type: "tool"; name: string };

/** The shape the reply must take. */
export type ResponseFormat =
  | { type: "text" }
  | { type: "json_object" }
  | {
      type: "json_schema";
      name: string;
      schema: JsonSchema;
      description?: string;
      strict?: boolean;
    };

/**
 * Options for one provider, keyed by provider id, passed through as they are.
 * Providers read only their own key and ignore the rest.
 */
export type ProviderOptions = { [providerId: string]: { [key: string]: unknown } };

/** A chat request in the provider-neutral contract. */
export interface ChatRequest {
  /** The model id as the provider knows it; the provider's default when absent. */
  model?: string;
  messages: ChatMessage[];
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
  responseFormat?: ResponseFormat;
  temperature?: number;
  topP?: number;
  maxTokens?: number;
  stop?: string | string[];
  seed?: number;
  /** An end-user id, passed to providers that take one for abuse monitoring. */
  user?: string;
  providerOptions?: ProviderOptions;
}
