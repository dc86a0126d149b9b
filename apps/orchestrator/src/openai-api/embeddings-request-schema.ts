import type { EmbedRequest } from "@oss-ai-agent-tool/core";
import { z } from "zod";
import { REQUIRED_MESSAGE } from "./zod-issue-to-openai-error.js";

/** How the client wants vectors encoded; OpenAI's default (and ours) is `float`. */
export type EmbeddingEncodingFormat = "float" | "base64";

/** A core embed request without `model`: the router resolves the model and sets it. */
export type EmbedRequestWithoutModel = Omit<EmbedRequest, "model">;

/** A `POST /v1/embeddings` body, validated and mapped to the provider-neutral contract. */
export interface ParsedEmbeddingsRequest {
  /** The model as the client named it, for the router to resolve. */
  model: string;
  request: EmbedRequestWithoutModel;
  encodingFormat: EmbeddingEncodingFormat;
}

const TOKEN_IDS =
  "arrays of token ids are not supported: send the text as a string or an array of strings";

function isTokenIds(value: unknown): boolean {
  return typeof value === "number" || Array.isArray(value);
}

/**
 * `input`: a non-empty string or a non-empty array of non-empty strings.
 * Written by hand rather than as a union so that token-id arrays (`[1, 2]`,
 * `[[1, 2]]`), which the OpenAI API accepts and no other provider does, get
 * a message that says so instead of "expected a string".
 */
const embeddingsInputSchema = z.unknown().transform((input, ctx): string | string[] => {
  const fail = (message: string, path: (string | number)[] = []) => {
    ctx.issues.push({ code: "custom", message, input, path });
    return z.NEVER;
  };
  if (typeof input === "string") return input.length > 0 ? input : fail("must not be empty");
  if (input === undefined) return fail(REQUIRED_MESSAGE);
  if (!Array.isArray(input)) {
    return typeof input === "number"
      ? fail(TOKEN_IDS)
      : fail("expected a string or an array of strings");
  }
  if (input.length === 0) return fail("must not be empty");
  for (let i = 0; i < input.length; i++) {
    const item: unknown = input[i];
    if (typeof item === "string") {
      if (item.length === 0) return fail("must not be an empty string", [i]);
    } else if (isTokenIds(item)) {
      return fail(TOKEN_IDS);
    } else {
      return fail("expected a string", [i]);
    }
  }
  return input as string[];
});

const bodySchema = z.strictObject({
  model: z.string().min(1),
  input: embeddingsInputSchema,
  encoding_format: z.enum(["float", "base64"]).nullish(),
  dimensions: z.int().positive().nullish(),
  user: z.string().nullish(),
  /** Extension: options for one provider, keyed by provider id (core `providerOptions`). */
  provider_options: z.record(z.string(), z.record(z.string(), z.unknown())).nullish(),
});

/**
 * The body of `POST /v1/embeddings`, parsed straight into a
 * {@link ParsedEmbeddingsRequest}. Unknown keys are refused by name.
 */
export const embeddingsRequestSchema = bodySchema.transform((body): ParsedEmbeddingsRequest => {
  const request: EmbedRequestWithoutModel = { input: body.input };
  if (body.dimensions != null) request.dimensions = body.dimensions;
  if (body.user != null) request.user = body.user;
  if (body.provider_options != null) request.providerOptions = body.provider_options;
  return { model: body.model, request, encodingFormat: body.encoding_format ?? "float" };
});
