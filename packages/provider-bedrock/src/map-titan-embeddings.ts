import { ProviderError } from "@oss-ai-agent-tool/core";

/** The body of one Titan text-embeddings `InvokeModel` call. */
export interface TitanEmbedBody {
  inputText: string;
  /** Titan v2 only: 256, 512 or 1024. */
  dimensions?: number;
  /** Titan v2 only: return a unit vector (the model's default is `true`). */
  normalize?: boolean;
}

/** One Titan embedding, as the model returns it. */
export interface TitanEmbedding {
  embedding: number[];
  /** Tokens the input counted as. */
  inputTextTokenCount: number;
}

/**
 * The Titan body for one input. `dimensions` and `normalize` are sent only
 * when set, because Titan v1 rejects both. Pure.
 */
export function toTitanEmbedBody(
  inputText: string,
  options: { dimensions?: number | undefined; normalize?: boolean | undefined } = {},
): TitanEmbedBody {
  return {
    inputText,
    ...(options.dimensions !== undefined ? { dimensions: options.dimensions } : {}),
    ...(options.normalize !== undefined ? { normalize: options.normalize } : {}),
  };
}

/**
 * Reads a Titan reply body (`{ embedding, inputTextTokenCount }`). Pure.
 *
 * @throws {ProviderError} 502 `invalid_response` when the body is not such an object.
 */
export function parseTitanEmbedding(body: string, provider: string): TitanEmbedding {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    value = undefined;
  }
  const reply = value as Partial<TitanEmbedding> | undefined;
  if (
    !reply ||
    !Array.isArray(reply.embedding) ||
    !reply.embedding.every((x) => typeof x === "number")
  ) {
    throw new ProviderError(`${provider}: the embedding reply could not be read`, {
      status: 502,
      code: "invalid_response",
      provider,
      retryable: false,
    });
  }
  return {
    embedding: reply.embedding,
    inputTextTokenCount:
      typeof reply.inputTextTokenCount === "number" ? reply.inputTextTokenCount : 0,
  };
}

/**
 * Runs `task` over `items` with at most `limit` at a time, keeping the
 * results in input order. The first failure rejects, and no new task starts
 * after it.
 */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await task(items[index] as T, index);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
