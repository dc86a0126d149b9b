import type { FinishReason, ToolCall } from "@oss-ai-agent-tool/core";
import type {
  MockReply,
  RecordedRequest,
  ReplySource,
  RouteMatcher,
} from "../mock-upstream/index.js";

/** Where on the upstream one operation lands. */
export interface WireRoute {
  method: string;
  path: RouteMatcher;
}

/** Token counts a scenario asks the wire to report. */
export interface ScenarioUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  cachedPromptTokens?: number;
  reasoningTokens?: number;
}

/** One reply, described in contract terms, for a wire adapter to encode in its provider's format. */
export interface ChatScenario {
  id: string;
  model: string;
  /** Reply text; empty for none. */
  text: string;
  toolCalls?: ToolCall[];
  /** The provider's own finish reason string, as it travels on the wire. */
  rawFinishReason: string;
  usage: ScenarioUsage;
}

/** An embeddings reply in contract terms. */
export interface EmbedScenario {
  model: string;
  embeddings: number[][];
  promptTokens: number;
}

/**
 * Knows one provider's wire format: where its operations land and how to
 * encode each conformance scenario as the bytes the real API sends. The
 * conformance suite scripts the mock upstream through it, so the same suite
 * serves every provider.
 */
export interface WireAdapter {
  routes: {
    chat: WireRoute;
    stream?: WireRoute;
    embed?: WireRoute;
    probe?: WireRoute;
  };
  chatReply(scenario: ChatScenario): MockReply;
  /** The same scenario as a stream, in the provider's framing, with `delayMs` between frames. */
  streamReply?(scenario: ChatScenario, options?: { delayMs?: number }): ReplySource;
  /** May depend on the request (the encoding the SDK asked for). */
  embedReply?(scenario: EmbedScenario): ReplySource;
  /** A successful answer to the provider's `probe()` call. */
  probeReply?(): MockReply;
  /** An HTTP error in the provider's error body format. */
  errorReply(status: number, message: string, headers?: Record<string, string>): MockReply;
  /** A 200 stream that carries an error event before any content, where the wire has one. */
  streamErrorReply?(status: number, message: string): MockReply;
  /** Raw finish reasons and what the provider must map each to. */
  finishReasons: ReadonlyArray<readonly [raw: string, expected: FinishReason]>;
  /** The raw finish reason for a normal end, and for a turn that ends in tool calls. */
  stopReason: string;
  toolCallsReason: string;
  /** Whether the wire reports cached-prompt and reasoning tokens. */
  usageDetail: boolean;
  /** The credential the SDK sent with a request, as the upstream sees it. */
  credentialOf(request: RecordedRequest): string | undefined;
}
