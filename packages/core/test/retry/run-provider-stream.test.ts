import { describe, expect, it } from "vitest";
import { ProviderError } from "../../src/errors/provider-error.js";
import { runProviderStream } from "../../src/retry/run-provider-stream.js";
import type { ChatStreamEvent } from "../../src/types/chat-stream-event.js";
import { recordingMetrics } from "./recording-metrics.js";

const text = (delta: string): ChatStreamEvent => ({ type: "text-delta", delta });
const usage: ChatStreamEvent = {
  type: "usage",
  usage: { promptTokens: 3, completionTokens: 2, totalTokens: 5 },
};
const finish: ChatStreamEvent = { type: "finish", finishReason: "stop", rawFinishReason: "stop" };

async function collect(stream: AsyncIterable<ChatStreamEvent>): Promise<ChatStreamEvent[]> {
  const out: ChatStreamEvent[] = [];
  for await (const event of stream) out.push(event);
  return out;
}

function source(
  events: ChatStreamEvent[],
  opts: { gapMs?: number; failAfter?: number; error?: unknown } = {},
) {
  return async function* (signal: AbortSignal): AsyncGenerator<ChatStreamEvent> {
    let i = 0;
    for (const event of events) {
      if (opts.failAfter !== undefined && i === opts.failAfter) throw opts.error;
      if (opts.gapMs) {
        await new Promise<void>((resolve, reject) => {
          const t = setTimeout(resolve, opts.gapMs);
          signal.addEventListener("abort", () => {
            clearTimeout(t);
            reject(signal.reason);
          });
        });
      }
      i++;
      yield event;
    }
    if (opts.failAfter !== undefined && i === opts.failAfter) throw opts.error;
  };
}

describe("runProviderStream", () => {
  it("passes events through and records first token and usage", async () => {
    const { metrics, events, active } = recordingMetrics();
    const out = await collect(
      runProviderStream({
        provider: "p",
        model: "m",
        metrics,
        open: source([text("a"), text("b"), usage, finish]),
      }),
    );
    expect(out.map((e) => e.type)).toEqual(["text-delta", "text-delta", "usage", "finish"]);
    expect(events).toEqual(["start:stream:m", "firstToken", "success:5"]);
    expect(active()).toBe(0);
  });

  it("retries an error raised before anything reached the consumer (an error event in a 200 stream)", async () => {
    const { metrics, events } = recordingMetrics();
    let attempts = 0;
    const overloaded = new ProviderError("overloaded", {
      status: 529,
      code: "overloaded_error",
      provider: "p",
      retryable: true,
    });
    const out = await collect(
      runProviderStream({
        provider: "p",
        model: "m",
        metrics,
        retry: { random: () => 0 },
        open: (signal, attempt) => {
          attempts = attempt;
          return attempt === 1
            ? source([text("x")], { failAfter: 0, error: overloaded })(signal)
            : source([text("ok"), finish])(signal);
        },
      }),
    );
    expect(attempts).toBe(2);
    expect(out).toEqual([text("ok"), finish]);
    expect(events).toEqual([
      "start:stream:m",
      "retry:p:overloaded_error",
      "firstToken",
      "success:-",
    ]);
  });

  it("does not retry once an event was passed on; the error reaches the consumer normalized", async () => {
    const { metrics, events, active } = recordingMetrics();
    let attempts = 0;
    const seen: ChatStreamEvent[] = [];
    await expect(async () => {
      for await (const event of runProviderStream({
        provider: "p",
        model: "m",
        metrics,
        open: (signal, attempt) => {
          attempts = attempt;
          return source([text("a"), text("b")], {
            failAfter: 1,
            error: Object.assign(new Error("reset"), { code: "ECONNRESET" }),
          })(signal);
        },
      })) {
        seen.push(event);
      }
    }).rejects.toMatchObject({ status: 502, code: "network_error" });
    expect(attempts).toBe(1);
    expect(seen).toEqual([text("a")]);
    expect(events.at(-1)).toBe("error:502:network_error");
    expect(active()).toBe(0);
  });

  it("treats a stream without a finish event as truncated", async () => {
    const { metrics, events } = recordingMetrics();
    await expect(
      collect(runProviderStream({ provider: "p", model: "m", metrics, open: source([text("a")]) })),
    ).rejects.toMatchObject({ code: "truncated_stream", status: 502 });
    expect(events.at(-1)).toBe("error:502:truncated_stream");
  });

  it("turns a stream that finishes with nothing into an empty_response error, but not a filtered one", async () => {
    await expect(
      collect(
        runProviderStream({
          provider: "p",
          model: "m",
          retry: { attempts: 1 },
          open: source([finish]),
        }),
      ),
    ).rejects.toMatchObject({ code: "empty_response" });
    const filtered: ChatStreamEvent = { type: "finish", finishReason: "content_filter" };
    await expect(
      collect(runProviderStream({ provider: "p", model: "m", open: source([filtered]) })),
    ).resolves.toEqual([filtered]);
  });

  it("times out waiting for the first event, per attempt", async () => {
    const { metrics, events } = recordingMetrics();
    await expect(
      collect(
        runProviderStream({
          provider: "p",
          model: "m",
          metrics,
          timeoutMs: 20,
          retry: { attempts: 2, random: () => 0 },
          open: source([text("late"), finish], { gapMs: 1000 }),
        }),
      ),
    ).rejects.toMatchObject({ status: 504, code: "timeout" });
    expect(events).toEqual(["start:stream:m", "retry:p:timeout", "error:504:timeout"]);
  });

  it("aborts the upstream when the stream goes idle", async () => {
    let upstreamAborted = false;
    await expect(
      collect(
        runProviderStream({
          provider: "p",
          model: "m",
          idleTimeoutMs: 30,
          open: async function* (signal) {
            signal.addEventListener("abort", () => {
              upstreamAborted = true;
            });
            yield text("a");
            await new Promise((r) => setTimeout(r, 300));
            yield finish;
          },
        }),
      ),
    ).rejects.toMatchObject({ status: 504, message: expect.stringContaining("idle") });
    expect(upstreamAborted).toBe(true);
  });

  it("cancels the timer and aborts the upstream when the consumer stops early", async () => {
    const { metrics, events, active } = recordingMetrics();
    let upstreamAborted = false;
    for await (const event of runProviderStream({
      provider: "p",
      model: "m",
      metrics,
      open: async function* (signal) {
        signal.addEventListener("abort", () => {
          upstreamAborted = true;
        });
        yield text("a");
        yield text("b");
        yield finish;
      },
    })) {
      expect(event).toEqual(text("a"));
      break;
    }
    expect(upstreamAborted).toBe(true);
    expect(events).toEqual(["start:stream:m", "firstToken", "cancel"]);
    expect(active()).toBe(0);
  });

  it("stops at once when the caller aborts mid-stream", async () => {
    const { metrics, events, active } = recordingMetrics();
    const controller = new AbortController();
    const iterator = runProviderStream({
      provider: "p",
      model: "m",
      metrics,
      ctx: { signal: controller.signal },
      open: source([text("a"), text("b"), finish], { gapMs: 50 }),
    })[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toEqual(text("a"));
    const pending = iterator.next();
    controller.abort();
    await expect(pending).rejects.toMatchObject({ status: 499, code: "aborted" });
    expect(events.at(-1)).toBe("error:499:aborted");
    expect(active()).toBe(0);
  });

  it("fails fast when the caller aborted before the start, and records it", async () => {
    const { metrics, events } = recordingMetrics();
    const controller = new AbortController();
    controller.abort();
    await expect(
      collect(
        runProviderStream({
          provider: "p",
          model: "m",
          metrics,
          ctx: { signal: controller.signal },
          open: source([text("a"), finish]),
        }),
      ),
    ).rejects.toMatchObject({ status: 499 });
    expect(events).toEqual(["start:stream:m", "error:499:aborted"]);
  });
});
