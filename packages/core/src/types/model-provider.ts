import type { ChatRequest } from "./chat-request.js";
import type { ChatResponse } from "./chat-response.js";
import type { ChatStreamEvent } from "./chat-stream-event.js";
import type { EmbedRequest, EmbedResponse } from "./embed.js";
import type { ProviderContext } from "./provider-context.js";

/** What a provider can do; the orchestrator routes only what is declared. */
export interface ProviderCapabilities {
  chat: boolean;
  stream: boolean;
  tools: boolean;
  embeddings: boolean;
  vision: boolean;
  /** `json_object` / `json_schema` response formats. */
  responseFormat: boolean;
  reasoning: boolean;
}

/** A model the provider offers. */
export interface ModelInfo {
  id: string;
  /** Owner or family, where the provider reports one. */
  ownedBy?: string;
}

/** The result of a cheap, real upstream call used by active health checks. */
export interface ProbeResult {
  ok: boolean;
  latencyMs: number;
  /** A short, secret-free reason when `ok` is false. */
  detail?: string;
}

/**
 * The contract every provider plugin implements. `chat` is required; the rest
 * exist where `capabilities` says so.
 */
export interface ModelProvider {
  readonly id: string;
  readonly capabilities: ProviderCapabilities;
  chat(req: ChatRequest, ctx?: ProviderContext): Promise<ChatResponse>;
  stream?(req: ChatRequest, ctx?: ProviderContext): AsyncIterable<ChatStreamEvent>;
  embed?(req: EmbedRequest, ctx?: ProviderContext): Promise<EmbedResponse>;
  listModels?(ctx?: ProviderContext): Promise<ModelInfo[]>;
  /**
   * A cheap, real upstream call (such as listing models) for active health
   * checks. Never throws: a failure comes back as `ok: false` with a reason.
   */
  probe?(ctx?: ProviderContext): Promise<ProbeResult>;
  /** Releases clients and sockets. Called once when the orchestrator unloads the plugin. */
  close?(): Promise<void>;
}
