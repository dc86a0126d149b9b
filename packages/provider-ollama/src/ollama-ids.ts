import { createHash } from "node:crypto";

function digest(parts: readonly unknown[]): string {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(`${String(part)}\u0000`);
  return hash.digest("hex").slice(0, 24);
}

/**
 * What identifies one Ollama reply: its model and the server's nanosecond
 * `created_at` timestamp. Ids derived from it are the same however often the
 * reply is read (replays, logs) and differ between replies.
 */
export function ollamaReplySeed(model: unknown, createdAt: unknown): string {
  return `${String(model ?? "")}@${String(createdAt ?? "")}`;
}

/** A response id for an Ollama reply, which has none of its own. Pure. */
export function ollamaResponseId(seed: string, ...extra: readonly unknown[]): string {
  return `ollama-${digest([seed, ...extra])}`;
}

/**
 * A tool-call id for a call Ollama sent without one (servers before call ids
 * existed). Derived from the reply and the call, so every event of a stream
 * and every read of a reply agree on it. Pure.
 */
export function ollamaToolCallId(seed: string, index: number, name: string, args: string): string {
  return `call_${digest([seed, index, name, args])}`;
}
