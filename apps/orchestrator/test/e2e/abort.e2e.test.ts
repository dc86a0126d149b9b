import { fault, openAIChatWire } from "@oss-ai-agent-tool/testkit";
import { APIUserAbortError } from "openai";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { metricValue } from "../support/prometheus.js";
import { startTestGateway, type TestGateway } from "../support/start-test-gateway.js";

const wire = openAIChatWire();
const messages = [{ role: "user" as const, content: "tell me a long story" }];
const series = { provider: "alpha", model: "alpha-model-1" };

let gw: TestGateway;
beforeEach(async () => {
  gw = await startTestGateway();
});
afterEach(async () => {
  await gw?.close();
});

/** Polls `/metrics` until `check` holds for its text; the gateway settles metrics after the socket closes. */
async function metricsWhen(check: (text: string) => boolean, timeoutMs = 2_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await gw.metrics();
    if (check(text)) return text;
    if (Date.now() > deadline) return text;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("a client that goes away", () => {
  it("aborting a stream mid-way aborts the upstream request and ends the call as cancelled", async () => {
    // About 60 frames 50 ms apart: the upstream is still sending when the client leaves.
    gw.alpha.once(
      "POST",
      wire.routes.stream!.path,
      wire.streamReply!(
        {
          id: "up-slow",
          model: "alpha-model-1",
          text: "word ".repeat(36),
          rawFinishReason: "stop",
          usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 },
        },
        { delayMs: 50 },
      ),
    );
    const controller = new AbortController();
    const stream = await gw
      .client()
      .chat.completions.create(
        { model: "alpha/alpha-model-1", messages, stream: true },
        { signal: controller.signal },
      );
    let received = 0;
    // The SDK ends iteration quietly when its own signal aborted it.
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content) received += 1;
      if (received === 2) controller.abort();
    }
    expect(received).toBe(2);

    await gw.alpha.waitForAbortedRequests(1);
    expect(gw.alpha.abortedRequests).toBe(1);

    const stream_ = { ...series, operation: "stream" };
    const text = await metricsWhen(
      (t) => metricValue(t, "provider_active_requests", stream_) === 0,
    );
    expect(metricValue(text, "provider_requests_total", stream_)).toBe(1);
    expect(metricValue(text, "provider_active_requests", stream_)).toBe(0);
    // However the race between the socket closing and the next write ends, the call ends
    // once, and never as a success: either cancelled or as a client abort (499).
    const cancelled =
      metricValue(text, "provider_request_duration_seconds_count", {
        ...stream_,
        status: "cancelled",
      }) ?? 0;
    const aborted =
      metricValue(text, "provider_errors_total", {
        ...stream_,
        error_type: "aborted",
        status_code: "499",
      }) ?? 0;
    expect(cancelled + aborted).toBe(1);
    expect(
      metricValue(text, "provider_request_duration_seconds_count", {
        ...stream_,
        status: "success",
      }) ?? 0,
    ).toBe(0);
  });

  it("aborting a pending non-streamed call aborts the upstream request and counts a 499", async () => {
    gw.alpha.once("POST", wire.routes.chat.path, fault.hang());
    const controller = new AbortController();
    const pending = gw
      .client()
      .chat.completions.create(
        { model: "alpha/alpha-model-1", messages },
        { signal: controller.signal },
      )
      .catch((e: unknown) => e);
    await gw.alpha.waitUntil((u) => u.requests.some((r) => r.method === "POST"));
    controller.abort();

    expect(await pending).toBeInstanceOf(APIUserAbortError);
    await gw.alpha.waitForAbortedRequests(1);

    const chat = { ...series, operation: "chat" };
    const text = await metricsWhen(
      (t) =>
        metricValue(t, "provider_errors_total", {
          ...chat,
          error_type: "aborted",
          status_code: "499",
        }) === 1,
    );
    expect(
      metricValue(text, "provider_errors_total", {
        ...chat,
        error_type: "aborted",
        status_code: "499",
      }),
    ).toBe(1);
    expect(metricValue(text, "provider_active_requests", chat)).toBe(0);
    // A client leaving says nothing about the provider's health.
    expect(metricValue(text, "provider_circuit_breaker_state", { provider: "alpha" })).toBe(0);
    expect(gw.beta.requests.filter((r) => r.method === "POST")).toHaveLength(0);
  });
});
