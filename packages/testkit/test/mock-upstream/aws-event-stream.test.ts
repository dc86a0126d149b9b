import { readdirSync } from "node:fs";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import { EventStreamCodec } from "@smithy/eventstream-codec";
import { fromUtf8, toUtf8 } from "@smithy/util-utf8";
import { describe, expect, it } from "vitest";
import {
  readBinaryFixture,
  sharedFixturesDir,
  sharedFixturesSkipReason,
} from "../../src/fixtures/index.js";
import {
  bedrockEvent,
  bedrockException,
  decodeEventStreamMessages,
  encodeEventStreamMessage,
} from "../../src/mock-upstream/index.js";

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const flipBit = (bytes: Uint8Array, index: number): Uint8Array => {
  const copy = bytes.slice();
  copy[index] = (copy[index] ?? 0) ^ 0x01;
  return copy;
};

describe("AWS event-stream codec", () => {
  it("encodes the documented frame layout with valid prelude and message CRC32s", () => {
    const frame = encodeEventStreamMessage({ headers: { ":event-type": "x" }, payload: "hi" });
    const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
    const headersLength = 1 + 11 + 1 + 2 + 1;
    expect(view.getUint32(0)).toBe(frame.byteLength);
    expect(frame.byteLength).toBe(12 + headersLength + 2 + 4);
    expect(view.getUint32(4)).toBe(headersLength);
    expect(view.getUint32(8)).toBe(crc32(frame.subarray(0, 8)));
    expect(view.getUint32(frame.byteLength - 4)).toBe(
      crc32(frame.subarray(0, frame.byteLength - 4)),
    );
    expect(frame[12]).toBe(11);
    expect(text(frame.subarray(13, 24))).toBe(":event-type");
    expect(frame[24]).toBe(7);
    expect(view.getUint16(25)).toBe(1);
    expect(text(frame.subarray(27, 28))).toBe("x");
    expect(text(frame.subarray(28, 30))).toBe("hi");
  });

  it("round-trips several frames with UTF-8 headers and JSON, string and binary payloads", () => {
    const messages = [
      bedrockEvent("contentBlockDelta", { contentBlockIndex: 0, delta: { text: "héllo 😀" } }),
      bedrockException("throttlingException", "Too many requests"),
      { headers: { "x-ünïcode": "välue" }, payload: new Uint8Array([0, 1, 2, 255]) },
      { headers: {}, payload: "" },
    ];
    const bytes = Buffer.concat(messages.map(encodeEventStreamMessage));
    const decoded = decodeEventStreamMessages(bytes);
    expect(decoded).toHaveLength(4);
    expect(decoded[0]?.headers).toEqual({
      ":event-type": "contentBlockDelta",
      ":content-type": "application/json",
      ":message-type": "event",
    });
    expect(JSON.parse(text(decoded[0]?.payload ?? new Uint8Array()))).toEqual({
      contentBlockIndex: 0,
      delta: { text: "héllo 😀" },
    });
    expect(decoded[1]?.headers).toEqual({
      ":exception-type": "throttlingException",
      ":content-type": "application/json",
      ":message-type": "exception",
    });
    expect(JSON.parse(text(decoded[1]?.payload ?? new Uint8Array()))).toEqual({
      message: "Too many requests",
    });
    expect(decoded[2]?.headers).toEqual({ "x-ünïcode": "välue" });
    expect([...(decoded[2]?.payload ?? [])]).toEqual([0, 1, 2, 255]);
    expect(decoded[3]).toEqual({ headers: {}, payload: new Uint8Array(), totalLength: 16 });
  });

  it("detects a corrupted payload, a corrupted prelude and a truncated frame", () => {
    const frame = encodeEventStreamMessage(bedrockEvent("messageStop", { stopReason: "end_turn" }));
    expect(() => decodeEventStreamMessages(flipBit(frame, frame.byteLength - 6))).toThrow(
      /message CRC mismatch/,
    );
    expect(() => decodeEventStreamMessages(flipBit(frame, 3))).toThrow(/prelude CRC mismatch/);
    expect(() => decodeEventStreamMessages(frame.subarray(0, frame.byteLength - 1))).toThrow(
      /does not fit/,
    );
    expect(() => decodeEventStreamMessages(frame.subarray(0, 10))).toThrow(/trailing bytes/);
  });

  it("decodes every header type of the format", () => {
    const headerBytes = Buffer.concat([
      Buffer.from([1, 0x61, 0]), // a: true
      Buffer.from([1, 0x62, 1]), // b: false
      Buffer.from([1, 0x63, 2, 0xff]), // c: byte -1
      Buffer.from([1, 0x64, 3, 0x01, 0x00]), // d: short 256
      Buffer.from([1, 0x65, 4, 0, 0, 1, 0]), // e: int 256
      Buffer.from([1, 0x66, 5, 0, 0, 0, 0, 0, 0, 0, 7]), // f: long 7n
      Buffer.from([1, 0x67, 6, 0, 2, 9, 8]), // g: bytes
      Buffer.from([1, 0x68, 8, 0, 0, 0, 0, 0, 0, 0x03, 0xe8]), // h: timestamp 1000 ms
      Buffer.from([1, 0x69, 9, ...Array.from({ length: 16 }, (_, i) => i)]), // i: uuid
    ]);
    const total = 12 + headerBytes.byteLength + 4;
    const frame = Buffer.alloc(total);
    frame.writeUInt32BE(total, 0);
    frame.writeUInt32BE(headerBytes.byteLength, 4);
    frame.writeUInt32BE(crc32(frame.subarray(0, 8)), 8);
    headerBytes.copy(frame, 12);
    frame.writeUInt32BE(crc32(frame.subarray(0, total - 4)), total - 4);
    const [message] = decodeEventStreamMessages(frame);
    expect(message?.headers).toEqual({
      a: true,
      b: false,
      c: -1,
      d: 256,
      e: 256,
      f: 7n,
      g: new Uint8Array([9, 8]),
      h: new Date(1000),
      i: "00010203-0405-0607-0809-0a0b0c0d0e0f",
    });
  });

  it("writes frames the SDK's own codec reads back", () => {
    const frame = encodeEventStreamMessage(
      bedrockEvent("contentBlockDelta", { contentBlockIndex: 0, delta: { text: "Grüße" } }),
    );
    const decoded = new EventStreamCodec(toUtf8, fromUtf8).decode(frame);
    expect(decoded.headers[":event-type"]).toEqual({ type: "string", value: "contentBlockDelta" });
    expect(JSON.parse(toUtf8(decoded.body))).toEqual({
      contentBlockIndex: 0,
      delta: { text: "Grüße" },
    });
  });

  const skipReason = sharedFixturesSkipReason();
  it.skipIf(!!skipReason)(
    `re-encodes every recorded Bedrock frame byte for byte${skipReason ? ` (skipped: ${skipReason})` : ""}`,
    () => {
      const folder = "amazon-bedrock/ruby_llm-vcr";
      const files = readdirSync(join(sharedFixturesDir() ?? "", folder)).filter((f) =>
        f.endsWith(".eventstream.bin"),
      );
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) {
        const recorded = readBinaryFixture(`${folder}/${file}`);
        const frames = decodeEventStreamMessages(recorded).map((m) =>
          encodeEventStreamMessage({
            headers: Object.fromEntries(
              Object.entries(m.headers).map(([name, value]) => [name, String(value)]),
            ),
            payload: m.payload,
          }),
        );
        expect(Buffer.concat(frames).equals(Buffer.from(recorded))).toBe(true);
      }
    },
  );
});
