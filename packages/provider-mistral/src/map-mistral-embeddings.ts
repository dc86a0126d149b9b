import type { EmbeddingResponse } from "@mistralai/mistralai/models/components";
import type { EmbedResponse } from "@oss-ai-agent-tool/core";

/** Maps a Mistral embeddings reply, vectors ordered by their `index`. Pure. */
export function mapMistralEmbeddings(res: EmbeddingResponse, provider: string): EmbedResponse {
  const data = res.data
    .map((item, position) => ({ index: item.index ?? position, vector: item.embedding ?? [] }))
    .sort((a, b) => a.index - b.index);
  const promptTokens = res.usage.promptTokens ?? 0;
  return {
    provider,
    model: res.model,
    embeddings: data.map((d) => d.vector),
    usage: { promptTokens, totalTokens: res.usage.totalTokens ?? promptTokens },
  };
}
