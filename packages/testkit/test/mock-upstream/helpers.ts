import { afterEach } from "vitest";
import { createMockUpstream, type MockUpstream } from "../../src/mock-upstream/index.js";

/** Creates mock upstreams that are closed (and checked for leaks) after each test. */
export function useMockUpstream(): () => Promise<MockUpstream> {
  const created: MockUpstream[] = [];
  afterEach(async () => {
    for (const upstream of created.splice(0)) {
      await upstream.close();
      if (
        upstream.server.listening ||
        upstream.pendingTimers !== 0 ||
        upstream.openConnections !== 0
      ) {
        throw new Error(
          `mock upstream leaked: listening=${upstream.server.listening} timers=${upstream.pendingTimers} connections=${upstream.openConnections}`,
        );
      }
    }
  });
  return async () => {
    const upstream = await createMockUpstream();
    created.push(upstream);
    return upstream;
  };
}

/** An OpenAI chat.completion.chunk payload carrying `content`. */
export function openaiChunk(
  content: string | undefined,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    id: "chatcmpl-mock",
    object: "chat.completion.chunk",
    created: 1_700_000_000,
    model: "gpt-mock",
    choices: content === undefined ? [] : [{ index: 0, delta: { content }, finish_reason: null }],
    ...extra,
  };
}
