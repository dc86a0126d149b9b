/** A request for embeddings of one or more inputs. */
export interface EmbedRequest {
  model?: string;
  input: string | string[];
  /** Requested vector length, where the model supports shortening. */
  dimensions?: number;
  user?: string;
  providerOptions?: { [providerId: string]: { [key: string]: unknown } };
}

/** Embeddings in the order of the inputs. */
export interface EmbedResponse {
  provider: string;
  model: string;
  embeddings: number[][];
  usage?: { promptTokens: number; totalTokens: number };
}
