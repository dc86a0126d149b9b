/**
 * AWS event-stream (`application/vnd.amazon.eventstream`): a pure encoder/decoder of binary
 * frames, the `awsEventStream()` reply builder and Bedrock event/exception helpers.
 *
 * Frame layout (all integers big-endian):
 * `total length u32 | headers length u32 | prelude CRC32 | headers | payload | message CRC32`,
 * where the prelude CRC covers the first 8 bytes and the message CRC everything before it.
 * A header is `name length u8 | name | type u8 | value`; type 7 (string) is `length u16 | UTF-8`.
 *
 * @module
 */
import { crc32 } from "node:zlib";
import { makeReply, toBytes } from "./reply-core.js";
import type { MockReply, ReplyBaseOptions, StreamTimingOptions } from "./types.js";

/** A message to encode: string headers and a payload (objects are JSON-serialized, strings UTF-8 encoded). */
export interface EventStreamMessage {
  headers: Record<string, string>;
  payload: Uint8Array | string | object;
}

/** Any header value the decoder understands (types 0–9 of the format). */
export type EventStreamHeaderValue = string | number | boolean | bigint | Uint8Array | Date;

/** A decoded frame. */
export interface DecodedEventStreamMessage {
  headers: Record<string, EventStreamHeaderValue>;
  payload: Uint8Array;
  /** Total frame length in bytes (prelude and CRCs included). */
  totalLength: number;
}

const PRELUDE_LENGTH = 8;
const PRELUDE_WITH_CRC = 12;
const MESSAGE_CRC_LENGTH = 4;
const STRING_TYPE = 7;

function payloadBytes(payload: Uint8Array | string | object): Uint8Array {
  if (payload instanceof Uint8Array || typeof payload === "string") return toBytes(payload);
  return toBytes(JSON.stringify(payload));
}

/**
 * Encodes one event-stream frame. Pure; only string headers (type 7) are written, which is what
 * Bedrock sends.
 */
export function encodeEventStreamMessage(message: EventStreamMessage): Uint8Array {
  const headerParts: Uint8Array[] = [];
  for (const [name, value] of Object.entries(message.headers)) {
    const nameBytes = toBytes(name);
    const valueBytes = toBytes(value);
    if (nameBytes.byteLength > 255)
      throw new RangeError(`event-stream header name too long: ${name}`);
    if (valueBytes.byteLength > 0xffff)
      throw new RangeError(`event-stream header value too long: ${name}`);
    const part = new Uint8Array(1 + nameBytes.byteLength + 1 + 2 + valueBytes.byteLength);
    const view = new DataView(part.buffer);
    part[0] = nameBytes.byteLength;
    part.set(nameBytes, 1);
    let offset = 1 + nameBytes.byteLength;
    part[offset] = STRING_TYPE;
    view.setUint16(offset + 1, valueBytes.byteLength, false);
    part.set(valueBytes, offset + 3);
    offset += 3 + valueBytes.byteLength;
    headerParts.push(part);
  }
  const headersLength = headerParts.reduce((n, p) => n + p.byteLength, 0);
  const payload = payloadBytes(message.payload);
  const totalLength = PRELUDE_WITH_CRC + headersLength + payload.byteLength + MESSAGE_CRC_LENGTH;
  const out = new Uint8Array(totalLength);
  const view = new DataView(out.buffer);
  view.setUint32(0, totalLength, false);
  view.setUint32(4, headersLength, false);
  view.setUint32(8, crc32(out.subarray(0, PRELUDE_LENGTH)), false);
  let offset = PRELUDE_WITH_CRC;
  for (const part of headerParts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  out.set(payload, offset);
  view.setUint32(
    totalLength - MESSAGE_CRC_LENGTH,
    crc32(out.subarray(0, totalLength - MESSAGE_CRC_LENGTH)),
    false,
  );
  return out;
}

function decodeHeaders(bytes: Uint8Array): Record<string, EventStreamHeaderValue> {
  const headers: Record<string, EventStreamHeaderValue> = {};
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = new TextDecoder("utf-8", { fatal: true });
  let offset = 0;
  const need = (n: number): void => {
    if (offset + n > bytes.byteLength) throw new Error("event-stream: header block truncated");
  };
  while (offset < bytes.byteLength) {
    need(1);
    const nameLength = bytes[offset] ?? 0;
    offset += 1;
    need(nameLength + 1);
    const name = text.decode(bytes.subarray(offset, offset + nameLength));
    offset += nameLength;
    const type = bytes[offset];
    offset += 1;
    let value: EventStreamHeaderValue;
    switch (type) {
      case 0:
        value = true;
        break;
      case 1:
        value = false;
        break;
      case 2:
        need(1);
        value = view.getInt8(offset);
        offset += 1;
        break;
      case 3:
        need(2);
        value = view.getInt16(offset, false);
        offset += 2;
        break;
      case 4:
        need(4);
        value = view.getInt32(offset, false);
        offset += 4;
        break;
      case 5:
        need(8);
        value = view.getBigInt64(offset, false);
        offset += 8;
        break;
      case 6:
      case 7: {
        need(2);
        const length = view.getUint16(offset, false);
        offset += 2;
        need(length);
        const slice = new Uint8Array(bytes.subarray(offset, offset + length));
        value = type === 6 ? slice : text.decode(slice);
        offset += length;
        break;
      }
      case 8:
        need(8);
        value = new Date(Number(view.getBigInt64(offset, false)));
        offset += 8;
        break;
      case 9: {
        need(16);
        const hex = Buffer.from(bytes.subarray(offset, offset + 16)).toString("hex");
        value = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
        offset += 16;
        break;
      }
      default:
        throw new Error(`event-stream: unknown header type ${String(type)} for header ${name}`);
    }
    headers[name] = value;
  }
  return headers;
}

/**
 * Decodes every frame of a complete event-stream body, verifying both CRC32s of each frame.
 * Throws on a CRC mismatch, a truncated frame or trailing bytes.
 */
export function decodeEventStreamMessages(bytes: Uint8Array): DecodedEventStreamMessage[] {
  const messages: DecodedEventStreamMessage[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  while (offset < bytes.byteLength) {
    if (bytes.byteLength - offset < PRELUDE_WITH_CRC + MESSAGE_CRC_LENGTH) {
      throw new Error(
        `event-stream: ${bytes.byteLength - offset} trailing bytes at offset ${offset} are not a frame`,
      );
    }
    const totalLength = view.getUint32(offset, false);
    const headersLength = view.getUint32(offset + 4, false);
    const preludeCrc = view.getUint32(offset + 8, false);
    if (crc32(bytes.subarray(offset, offset + PRELUDE_LENGTH)) !== preludeCrc) {
      throw new Error(`event-stream: prelude CRC mismatch in frame at offset ${offset}`);
    }
    if (
      totalLength < PRELUDE_WITH_CRC + headersLength + MESSAGE_CRC_LENGTH ||
      offset + totalLength > bytes.byteLength
    ) {
      throw new Error(
        `event-stream: frame at offset ${offset} declares length ${totalLength}, which does not fit`,
      );
    }
    const end = offset + totalLength;
    const messageCrc = view.getUint32(end - MESSAGE_CRC_LENGTH, false);
    if (crc32(bytes.subarray(offset, end - MESSAGE_CRC_LENGTH)) !== messageCrc) {
      throw new Error(`event-stream: message CRC mismatch in frame at offset ${offset}`);
    }
    const headersStart = offset + PRELUDE_WITH_CRC;
    messages.push({
      headers: decodeHeaders(bytes.subarray(headersStart, headersStart + headersLength)),
      payload: new Uint8Array(
        bytes.subarray(headersStart + headersLength, end - MESSAGE_CRC_LENGTH),
      ),
      totalLength,
    });
    offset = end;
  }
  return messages;
}

/** Options of {@link awsEventStream}. */
export interface AwsEventStreamReplyOptions extends ReplyBaseOptions, StreamTimingOptions {}

/**
 * An `application/vnd.amazon.eventstream` reply: each message is one binary frame and one write.
 *
 * @example upstream.on("POST", /\/converse-stream$/, awsEventStream([bedrockEvent("messageStart", { role: "assistant" })]));
 */
export function awsEventStream(
  messages: readonly EventStreamMessage[],
  options: AwsEventStreamReplyOptions = {},
): MockReply {
  return makeReply({
    kind: "awsEventStream",
    units: messages.map(encodeEventStreamMessage),
    defaultHeaders: { "content-type": "application/vnd.amazon.eventstream" },
    ...options,
  });
}

/**
 * A Bedrock event frame (`:message-type: event`), e.g. `bedrockEvent("contentBlockDelta", { contentBlockIndex: 0, delta: { text: "Hi" } })`.
 * Event types of ConverseStream: `messageStart`, `contentBlockStart`, `contentBlockDelta`, `contentBlockStop`, `messageStop`, `metadata`.
 */
export function bedrockEvent(eventType: string, payload: object): EventStreamMessage {
  return {
    headers: {
      ":event-type": eventType,
      ":content-type": "application/json",
      ":message-type": "event",
    },
    payload,
  };
}

/**
 * A Bedrock modeled exception frame (`:message-type: exception`) sent mid-stream, e.g.
 * `bedrockException("throttlingException", "Too many requests")`. The type is the member name of the
 * stream union (`throttlingException`, `modelStreamErrorException`, `validationException`,
 * `internalServerException`, `serviceUnavailableException`).
 */
export function bedrockException(exceptionType: string, message: string): EventStreamMessage {
  return {
    headers: {
      ":exception-type": exceptionType,
      ":content-type": "application/json",
      ":message-type": "exception",
    },
    payload: { message },
  };
}
