import { createHash } from "node:crypto";

/**
 * Joins a tool call's id and the Gemini `thoughtSignature` of its
 * `functionCall` part. Gemini 3 rejects a follow-up turn whose function calls
 * lack the signatures it sent, and the contract's `ToolCall` has no field for
 * one, but every OpenAI-style client sends the tool call id back verbatim.
 * (LiteLLM uses the same separator.)
 */
export const THOUGHT_SIGNATURE_SEPARATOR = "__thought__";

/**
 * The signature Gemini documents for function calls it did not produce (a
 * conversation started on another model): it tells Gemini 3 to skip the
 * signature check instead of failing the request.
 */
export const SKIP_THOUGHT_SIGNATURE = "skip_thought_signature_validator";

/**
 * The id of the `index`-th function call of a reply: Gemini's own id when it
 * sent one, else `call_` and 24 hex digits derived from the reply's id
 * (`seed`), so that a reply's calls have distinct ids, and the same reply
 * read twice gets the same ones. Pure.
 */
export function geminiToolCallBaseId(seed: string, index: number, upstreamId?: string): string {
  if (upstreamId) return upstreamId;
  const digest = createHash("sha256").update(`${seed}\u0000${index}`).digest("hex");
  return `call_${digest.slice(0, 24)}`;
}

/** The contract tool call id for a call: its base id, with its thought signature when it has one. Pure. */
export function encodeGeminiToolCallId(baseId: string, thoughtSignature?: string): string {
  return thoughtSignature ? `${baseId}${THOUGHT_SIGNATURE_SEPARATOR}${thoughtSignature}` : baseId;
}

/** Splits a contract tool call id into its base id and the thought signature it carries, if any. Pure. */
export function decodeGeminiToolCallId(id: string): { id: string; thoughtSignature?: string } {
  const at = id.indexOf(THOUGHT_SIGNATURE_SEPARATOR);
  if (at <= 0) return { id };
  const thoughtSignature = id.slice(at + THOUGHT_SIGNATURE_SEPARATOR.length);
  return thoughtSignature ? { id: id.slice(0, at), thoughtSignature } : { id: id.slice(0, at) };
}

/**
 * Whether a model validates thought signatures on function calls: Gemini 3
 * and later. Older models ignore them, so nothing is added for them. Pure.
 */
export function requiresThoughtSignatures(model: string): boolean {
  const match = /^(?:models\/)?gemini-(\d+)/.exec(model);
  return match !== null && Number(match[1]) >= 3;
}
