import type { ChatMessage } from "@oss-ai-agent-tool/core";

/**
 * Sets `name` on each tool message from the assistant tool call it answers.
 * OpenAI's wire has no name on tool messages, but some providers (Gemini)
 * need it and cannot infer it, while the gateway can. Mutates messages it
 * just built; allocates only when the conversation has tool calls.
 */
export function inferToolMessageNames(messages: ChatMessage[]): void {
  let names: Map<string, string> | undefined;
  for (const message of messages) {
    if (message.role === "assistant" && message.toolCalls) {
      names ??= new Map();
      for (const call of message.toolCalls) names.set(call.id, call.name);
    } else if (message.role === "tool" && message.name === undefined && names) {
      const name = names.get(message.toolCallId);
      if (name !== undefined) message.name = name;
    }
  }
}
