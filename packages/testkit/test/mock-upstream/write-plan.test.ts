import { describe, expect, it } from "vitest";
import { fault, json, planWrites, sse } from "../../src/mock-upstream/index.js";

const decode = (writes: ReturnType<typeof planWrites>) =>
  writes.map((w) => new TextDecoder().decode(w.bytes));

describe("planWrites and reply data", () => {
  const reply = sse([{ data: "a" }, { data: "b" }, { data: "c" }], { delayMs: 10 });

  it("writes one frame per write with the delay between frames", () => {
    const writes = planWrites(reply);
    expect(decode(writes)).toEqual(["data: a\n\n", "data: b\n\n", "data: c\n\n"]);
    expect(writes.map((w) => w.delayMs)).toEqual([0, 10, 10]);
  });

  it("splitEvery re-chunks across frame and UTF-8 boundaries", () => {
    const emoji = sse([{ data: "😀" }], { splitEvery: 3 });
    const writes = planWrites(emoji);
    expect(writes.map((w) => w.bytes.byteLength)).toEqual([3, 3, 3, 3]);
    expect(Buffer.concat(writes.map((w) => w.bytes)).toString()).toBe("data: 😀\n\n");
  });

  it("resetAfter/stallAfter cut by bytes or events; truncate recomputes content-length", () => {
    expect(decode(planWrites(fault.resetAfter(reply, { afterBytes: 12 })))).toEqual([
      "data: a\n\n",
      "dat",
    ]);
    expect(decode(planWrites(fault.stallAfter(reply, { afterEvents: 1 })))).toEqual([
      "data: a\n\n",
    ]);
    expect(fault.resetAfter(reply, { afterEvents: 1 }).ending).toBe("destroy");
    expect(() => fault.resetAfter(reply, {})).toThrow(/exactly one/);
    const body = json({ hello: "world" });
    expect(fault.resetAfter(body, { afterBytes: 3 }).contentLength).toBe(body.contentLength);
    expect(fault.truncate(body, 0).contentLength).toBe(0);
  });

  it("slowDrip writes bytesPerTick bytes every tickMs", () => {
    const writes = planWrites(fault.slowDrip(reply, { bytesPerTick: 10, tickMs: 5 }));
    expect(writes.map((w) => w.bytes.byteLength)).toEqual([10, 10, 7]);
    expect(writes.map((w) => w.delayMs)).toEqual([0, 5, 5]);
  });

  it("replies are frozen data and validate options", () => {
    expect(Object.isFrozen(reply)).toBe(true);
    expect(Object.isFrozen(reply.units)).toBe(true);
    expect(() => sse([], { splitEvery: 0 })).toThrow(RangeError);
    expect(() => sse([], { delayMs: -1 })).toThrow(RangeError);
    expect(fault.hang()).toMatchObject({ sendHeaders: false, ending: "hang" });
  });
});
