export * from "../errors/standard-errors.js";
export * from "./abortable-sleep.js";
export * from "./call-with-retry.js";
export * from "./compute-backoff-delay.js";
export * from "./provider-call-base.js";
export * from "./run-provider-call.js";
export * from "./run-provider-stream.js";
export * from "./with-provider-timeout.js";
