/**
 * Mock upstream: a local HTTP server speaking providers' real wire formats.
 *
 * @module
 */

export type {
  AwsEventStreamReplyOptions,
  DecodedEventStreamMessage,
  EventStreamHeaderValue,
  EventStreamMessage,
} from "./aws-event-stream.js";
export {
  awsEventStream,
  bedrockEvent,
  bedrockException,
  decodeEventStreamMessages,
  encodeEventStreamMessage,
} from "./aws-event-stream.js";
export type { MockUpstream, MockUpstreamOptions } from "./create-mock-upstream.js";
export { createMockUpstream } from "./create-mock-upstream.js";
export type { CutPoint, SlowDripOptions, StatusFaultOptions } from "./faults.js";
export { fault } from "./faults.js";
export type { JsonReplyOptions } from "./json.js";
export { json } from "./json.js";
export type { NdjsonReplyOptions } from "./ndjson.js";
export { ndjson } from "./ndjson.js";
export type { RawReplyOptions } from "./raw.js";
export { raw } from "./raw.js";
export type {
  SseCommentEvent,
  SseDataEvent,
  SseEvent,
  SseLineEnding,
  SseReplyOptions,
} from "./sse.js";
export { encodeSseEvent, sse } from "./sse.js";
export type {
  MockReply,
  RecordedRequest,
  ReplyBaseOptions,
  ReplyEnding,
  ReplyFactory,
  ReplySource,
  RouteMatcher,
  StreamTimingOptions,
} from "./types.js";
export type { PlannedWrite } from "./write-plan.js";
export { planWrites } from "./write-plan.js";
