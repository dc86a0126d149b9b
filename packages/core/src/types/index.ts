export type * from "./chat-message.js";
export type * from "./chat-request.js";
export type * from "./chat-response.js";
export type * from "./chat-stream-event.js";
export type * from "./embed.js";
export * from "./finish-reason.js";
export type * from "./model-provider.js";
export type * from "./provider-context.js";
export type * from "./usage.js";
