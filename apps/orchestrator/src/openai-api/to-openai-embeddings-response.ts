import type { EmbedResponse } from "@oss-ai-agent-tool/core";
import type { EmbeddingEncodingFormat } from "./embeddings-request-schema.js";
import { encodeFloat32Base64 } from "./encode-float32-base64.js";

/** One vector of an OpenAI embeddings response. */
export interface OpenAIEmbedding {
  object: "embedding";
  index: number;
  /** Numbers for `float`; base64 of little-endian float32 for `base64`. */
  embedding: number[] | string;
}

/** OpenAI's `POST /v1/embeddings` response (the SDK's `CreateEmbeddingResponse`). */
export interface OpenAIEmbeddingsResponse {
  object: "list";
  data: OpenAIEmbedding[];
  model: string;
  usage: { prompt_tokens: number; total_tokens: number };
}

/** How {@link toOpenAIEmbeddingsResponse} labels and encodes the reply. */
export interface ToOpenAIEmbeddingsResponseOptions {
  /** The model to report: what the client asked for, or `provider/model`. */
  model: string;
  encodingFormat: EmbeddingEncodingFormat;
}

/**
 * Core {@link EmbedResponse} → OpenAI embeddings list. OpenAI's `usage` is
 * required, so a provider that reports none yields zeros rather than a
 * missing object clients would trip over.
 */
export function toOpenAIEmbeddingsResponse(
  res: EmbedResponse,
  opts: ToOpenAIEmbeddingsResponseOptions,
): OpenAIEmbeddingsResponse {
  const base64 = opts.encodingFormat === "base64";
  const vectors = res.embeddings;
  const data = new Array<OpenAIEmbedding>(vectors.length);
  for (let i = 0; i < vectors.length; i++) {
    const vector = vectors[i]!;
    data[i] = {
      object: "embedding",
      index: i,
      embedding: base64 ? encodeFloat32Base64(vector) : vector,
    };
  }
  return {
    object: "list",
    data,
    model: opts.model,
    usage: {
      prompt_tokens: res.usage?.promptTokens ?? 0,
      total_tokens: res.usage?.totalTokens ?? 0,
    },
  };
}
