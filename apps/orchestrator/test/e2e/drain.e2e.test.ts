import { openAIChatWire } from "@oss-ai-agent-tool/testkit";
import { APIError } from "openai";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../support/start-test-gateway.js";

const wire = openAIChatWire();

let gw: TestGateway;
beforeEach(async () => {
  gw = await startTestGateway({ config: () => ({ server: { drainTimeoutMs: 200 } }) });
});
afterEach(async () => {
  await gw?.close();
});

describe("shutdown", () => {
  it("ends a stream still open at the drain deadline with an error event and aborts its upstream", async () => {
    // About 2 s of frames: far longer than the 200 ms drain budget.
    gw.alpha.once(
      "POST",
      wire.routes.stream!.path,
      wire.streamReply!(
        {
          id: "up-long",
          model: "alpha-model-1",
          text: "word ".repeat(36),
          rawFinishReason: "stop",
          usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 },
        },
        { delayMs: 50 },
      ),
    );
    const stream = await gw.client().chat.completions.create({
      model: "alpha/alpha-model-1",
      messages: [{ role: "user", content: "go on" }],
      stream: true,
    });
    let text = "";
    let error: unknown;
    let stopping: Promise<void> | undefined;
    try {
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta.content ?? "";
        stopping ??= gw.running.stop();
      }
    } catch (e) {
      error = e;
    }
    await stopping;

    expect(text.length).toBeGreaterThan(0);
    expect(text.length).toBeLessThan("word ".repeat(36).length);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).code).toBe("shutting_down");
    expect((error as APIError).message).toContain("shutting down");
    await gw.alpha.waitForAbortedRequests(1);
    // Stopped for good: the port no longer answers.
    await expect(fetch(`${gw.url}/healthz`)).rejects.toThrow();
  });
});
