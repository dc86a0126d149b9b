import type { ContentChunk } from "@mistralai/mistralai/models/components";

/** One piece of reply content: text for the user, or the model's reasoning. */
export interface MistralContentPiece {
  kind: "text" | "reasoning";
  text: string;
}

/** Reply content split into what the user reads and what the model thought. */
export interface MistralContentParts {
  text: string;
  reasoning: string;
}

function textOf(value: unknown): string {
  if (typeof value !== "object" || value === null) return "";
  const text = (value as { text?: unknown }).text;
  return typeof text === "string" ? text : "";
}

/**
 * The non-empty pieces of Mistral message content, in order. Content is a
 * string for most models; reasoning models send an array of `text` chunks
 * and `thinking` chunks, whose `thinking` is itself a list of text chunks.
 * Other chunk types (references, images) carry no reply text and are
 * skipped. Pure.
 */
export function mistralContentPieces(
  content: string | ContentChunk[] | null | undefined,
): MistralContentPiece[] {
  if (content == null) return [];
  if (typeof content === "string") return content ? [{ kind: "text", text: content }] : [];
  const pieces: MistralContentPiece[] = [];
  for (const chunk of content) {
    if (chunk.type === "text") {
      const text = textOf(chunk);
      if (text) pieces.push({ kind: "text", text });
    } else if (chunk.type === "thinking" && "thinking" in chunk) {
      const text = chunk.thinking.map(textOf).join("");
      if (text) pieces.push({ kind: "reasoning", text });
    }
  }
  return pieces;
}

/** Joins Mistral message content into its text and its reasoning. Pure. */
export function splitMistralContent(
  content: string | ContentChunk[] | null | undefined,
): MistralContentParts {
  const parts: MistralContentParts = { text: "", reasoning: "" };
  for (const piece of mistralContentPieces(content)) {
    if (piece.kind === "text") parts.text += piece.text;
    else parts.reasoning += piece.text;
  }
  return parts;
}
