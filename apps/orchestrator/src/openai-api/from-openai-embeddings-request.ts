import {
  embeddingsRequestSchema,
  type ParsedEmbeddingsRequest,
} from "./embeddings-request-schema.js";
import type { OpenAIParseResult } from "./openai-request-error.js";
import { OPENAI_PARSE_OPTIONS, zodErrorToOpenAIRequestError } from "./zod-issue-to-openai-error.js";

/** Bounds on one embeddings request. */
export interface EmbeddingsInputLimits {
  /** Most strings in `input`. */
  maxInputs: number;
  /** Most characters across all of `input`. */
  maxInputChars: number;
}

/** OpenAI's own cap of 2048 inputs, and room for that many long passages. */
export const DEFAULT_EMBEDDINGS_INPUT_LIMITS: Readonly<EmbeddingsInputLimits> = {
  maxInputs: 2_048,
  maxInputChars: 16_000_000,
};

function inputCount(body: unknown): number {
  if (typeof body !== "object" || body === null) return 0;
  const input = (body as { input?: unknown }).input;
  return Array.isArray(input) ? input.length : 0;
}

/**
 * Reads a `POST /v1/embeddings` body (already JSON-parsed) into the
 * provider-neutral contract. Never throws: bad input comes back as
 * `{ ok: false, error }` with status 400, the field path in the message and
 * as `param`.
 */
export function fromOpenAIEmbeddingsRequest(
  body: unknown,
  limits: EmbeddingsInputLimits = DEFAULT_EMBEDDINGS_INPUT_LIMITS,
): OpenAIParseResult<ParsedEmbeddingsRequest> {
  const count = inputCount(body);
  if (count > limits.maxInputs) {
    return {
      ok: false,
      error: {
        status: 400,
        message: `input: ${count} inputs exceed the limit of ${limits.maxInputs}`,
        param: "input",
        code: "too_many_inputs",
      },
    };
  }

  const parsed = embeddingsRequestSchema.safeParse(body, OPENAI_PARSE_OPTIONS);
  if (!parsed.success) return { ok: false, error: zodErrorToOpenAIRequestError(parsed.error) };

  const input = parsed.data.request.input;
  let chars = 0;
  if (typeof input === "string") chars = input.length;
  else for (const text of input) chars += text.length;
  if (chars > limits.maxInputChars) {
    return {
      ok: false,
      error: {
        status: 400,
        message: `input: ${chars} characters exceed the limit of ${limits.maxInputChars}`,
        param: "input",
        code: "content_too_large",
      },
    };
  }
  return { ok: true, value: parsed.data };
}
