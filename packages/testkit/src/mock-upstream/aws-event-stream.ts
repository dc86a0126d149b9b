/**
 * AWS event-stream (`application/vnd.amazon.eventstream`): encoding and decoding of binary frames
 * with the AWS SDK's own codec (`@smithy/eventstream-codec`), the `awsEventStream()` reply builder
 * and Bedrock event/exception helpers.
 *
 * Frame layout (all integers big-endian):
 * `total length u32 | headers length u32 | prelude CRC32 | headers | payload | message CRC32`,
 * where the prelude CRC covers the first 8 bytes and the message CRC everything before it.
 * A header is `name length u8 | name | type u8 | value`; type 7 (string) is `length u16 | UTF-8`.
 * Using the SDK's codec rather than a hand-written encoder means the frames are exactly the ones
 * the SDK's parser was built against, checksums included.
 *
 * @module
 */
import { crc32 } from "node:zlib";
import {
  EventStreamCodec,
  type MessageHeaders,
  type MessageHeaderValue,
} from "@smithy/eventstream-codec";
import { fromUtf8, toUtf8 } from "@smithy/util-utf8";
import { makeReply } from "./reply-core.js";
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

// Stateless for encode/decode of whole frames (its feed/getMessage buffer is not used here).
const codec = new EventStreamCodec(toUtf8, fromUtf8);

function payloadBytes(payload: Uint8Array | string | object): Uint8Array {
  if (payload instanceof Uint8Array) return payload;
  return fromUtf8(typeof payload === "string" ? payload : JSON.stringify(payload));
}

/**
 * Encodes one event-stream frame with the SDK's `EventStreamCodec`. Pure; headers are written as
 * strings (type 7), which is what Bedrock sends.
 */
export function encodeEventStreamMessage(message: EventStreamMessage): Uint8Array {
  const headers: MessageHeaders = {};
  for (const [name, value] of Object.entries(message.headers)) {
    headers[name] = { type: "string", value };
  }
  return codec.encode({ headers, body: payloadBytes(message.payload) });
}

/** The plain value of a header as the SDK's codec parsed it. */
function headerValue(header: MessageHeaderValue): EventStreamHeaderValue {
  switch (header.type) {
    case "long": {
      const bytes = header.value.bytes;
      return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigInt64(0, false);
    }
    case "binary":
      // The codec returns a view into the frame; copy so the result owns its bytes.
      return new Uint8Array(header.value);
    default:
      return header.value;
  }
}

/** Rewords the codec's checksum errors so they name the frame they were found in. */
function decodeFrame(frame: Uint8Array, offset: number): ReturnType<EventStreamCodec["decode"]> {
  try {
    return codec.decode(frame);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/prelude checksum/i.test(message))
      throw new Error(`event-stream: prelude CRC mismatch in frame at offset ${offset}`);
    if (/message checksum/i.test(message))
      throw new Error(`event-stream: message CRC mismatch in frame at offset ${offset}`);
    throw new Error(`event-stream: frame at offset ${offset} is malformed: ${message}`);
  }
}

/**
 * Decodes every frame of a complete event-stream body with the SDK's `EventStreamCodec`, which
 * verifies both CRC32s of each frame. Throws on a CRC mismatch, a truncated frame or trailing bytes.
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
    // The declared length decides where the frame ends, so it must be trusted before slicing.
    const totalLength = view.getUint32(offset, false);
    const headersLength = view.getUint32(offset + 4, false);
    if (crc32(bytes.subarray(offset, offset + PRELUDE_LENGTH)) !== view.getUint32(offset + 8)) {
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
    const { headers, body } = decodeFrame(bytes.subarray(offset, offset + totalLength), offset);
    const plain: Record<string, EventStreamHeaderValue> = {};
    for (const [name, header] of Object.entries(headers)) plain[name] = headerValue(header);
    messages.push({ headers: plain, payload: new Uint8Array(body), totalLength });
    offset += totalLength;
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
