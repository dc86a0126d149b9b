import {
  chatCompletionRequestSchema,
  type ParsedChatCompletionRequest,
} from "./chat-completion-request-schema.js";
import type { ChatInputLimits } from "./chat-input-limits.js";
import { countContentChars } from "./chat-input-limits.js";
import type { OpenAIParseResult } from "./openai-request-error.js";
import { OPENAI_PARSE_OPTIONS, zodErrorToOpenAIRequestError } from "./zod-issue-to-openai-error.js";

function messageCount(body: unknown): number {
  if (typeof body !== "object" || body === null) return 0;
  const messages = (body as { messages?: unknown }).messages;
  return Array.isArray(messages) ? messages.length : 0;
}

/**
 * Reads a `POST /v1/chat/completions` body (already JSON-parsed) into the
 * provider-neutral contract. Never throws: bad input comes back as
 * `{ ok: false, error }` with status 400, a message that starts with the
 * field path, and that path as `param`.
 *
 * The message count is checked before validation, so an oversized array is
 * refused without walking it.
 */
export function fromOpenAIChatRequest(
  body: unknown,
  limits: ChatInputLimits,
): OpenAIParseResult<ParsedChatCompletionRequest> {
  const count = messageCount(body);
  if (count > limits.maxMessages) {
    return {
      ok: false,
      error: {
        status: 400,
        message: `messages: ${count} messages exceed the limit of ${limits.maxMessages}`,
        param: "messages",
        code: "too_many_messages",
      },
    };
  }

  const parsed = chatCompletionRequestSchema.safeParse(body, OPENAI_PARSE_OPTIONS);
  if (!parsed.success) return { ok: false, error: zodErrorToOpenAIRequestError(parsed.error) };

  const chars = countContentChars(parsed.data.request.messages);
  if (chars > limits.maxContentChars) {
    return {
      ok: false,
      error: {
        status: 400,
        message: `messages: ${chars} characters of content exceed the limit of ${limits.maxContentChars}`,
        param: "messages",
        code: "content_too_large",
      },
    };
  }
  return { ok: true, value: parsed.data };
}
