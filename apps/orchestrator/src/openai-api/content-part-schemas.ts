import type { ImagePart, TextPart } from "@oss-ai-agent-tool/core";
import { z } from "zod";
import { parseImageUrl } from "./parse-image-url.js";

/** `{ type: "text", text }`, which is already a core {@link TextPart}. */
export const textPartSchema = z.object({ type: z.literal("text"), text: z.string() });

/** `{ type: "image_url", image_url: { url, detail? } }` → core {@link ImagePart}; data URLs become inline data. */
export const imageUrlPartSchema = z
  .object({
    type: z.literal("image_url"),
    image_url: z.object({
      url: z.string(),
      detail: z.enum(["auto", "low", "high"]).nullish(),
    }),
  })
  .transform((value, ctx): ImagePart => {
    const parsed = parseImageUrl(value.image_url.url);
    if (!parsed.ok) {
      ctx.issues.push({
        code: "custom",
        message: parsed.message,
        input: value.image_url.url,
        path: ["image_url", "url"],
      });
      return z.NEVER;
    }
    const detail = value.image_url.detail;
    if (detail) parsed.part.detail = detail;
    return parsed.part;
  });

/**
 * `{ type: "refusal", refusal }`: a part of an assistant message echoed back
 * from an earlier reply. Core has no refusal part, so it travels as text: the
 * model still sees what it said.
 */
export const refusalPartSchema = z
  .object({ type: z.literal("refusal"), refusal: z.string() })
  .transform((value): TextPart => ({ type: "text", text: value.refusal }));

// A one-option discriminated union rather than the bare object, so an image in a
// system message is refused as `content[0].type: expected "text"`.
const textOnlyParts = z.array(z.discriminatedUnion("type", [textPartSchema])).min(1);

const CONTENT_FORM = { error: "expected a string or an array of content parts" } as const;

/** System, developer and tool content: a string or an array of text parts. */
export const textContentSchema = z.union([z.string(), textOnlyParts], CONTENT_FORM);

/** User content: a string or an array of text and image parts. */
export const userContentSchema = z.union(
  [z.string(), z.array(z.discriminatedUnion("type", [textPartSchema, imageUrlPartSchema])).min(1)],
  CONTENT_FORM,
);

/** Assistant content: a string or an array of text and refusal parts (nullability is the caller's). */
export const assistantContentSchema = z.union(
  [z.string(), z.array(z.discriminatedUnion("type", [textPartSchema, refusalPartSchema])).min(1)],
  CONTENT_FORM,
);
