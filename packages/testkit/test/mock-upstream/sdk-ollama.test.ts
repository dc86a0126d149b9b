import { Ollama } from "ollama";
import { describe, expect, it } from "vitest";
import { ndjson } from "../../src/mock-upstream/index.js";
import { useMockUpstream } from "./helpers.js";

const at = "2026-01-01T00:00:00Z";

describe("ollama SDK against the mock upstream", () => {
  const start = useMockUpstream();

  it("streams native /api/chat NDJSON", async () => {
    const upstream = await start();
    upstream.on(
      "POST",
      "/api/chat",
      ndjson(
        [
          {
            model: "llama-mock",
            created_at: at,
            message: { role: "assistant", content: "Hi" },
            done: false,
          },
          {
            model: "llama-mock",
            created_at: at,
            message: { role: "assistant", content: " there 😀" },
            done: false,
          },
          {
            model: "llama-mock",
            created_at: at,
            message: { role: "assistant", content: "" },
            done: true,
            done_reason: "stop",
            total_duration: 1000,
            prompt_eval_count: 4,
            eval_count: 3,
          },
        ],
        { delayMs: 2, splitEvery: 7 },
      ),
    );
    const ollama = new Ollama({ host: upstream.url });
    const stream = await ollama.chat({
      model: "llama-mock",
      messages: [{ role: "user", content: "Hi" }],
      stream: true,
    });
    let text = "";
    let last: { done: boolean; eval_count: number; done_reason: string } | undefined;
    for await (const part of stream) {
      text += part.message.content;
      last = part;
    }
    expect(text).toBe("Hi there 😀");
    expect(last).toMatchObject({ done: true, done_reason: "stop", eval_count: 3 });
    expect(upstream.requests[0]?.json()).toMatchObject({ model: "llama-mock", stream: true });
  });
});
