import Anthropic from "@anthropic-ai/sdk";
import type { FetchFunction, Logger } from "@oss-ai-agent-tool/core";
import type { AnthropicApiVersion } from "./anthropic-capabilities.js";

/**
 * The SDK's own timeout, only a backstop: core's runners own timeouts. It is
 * set explicitly because without it the SDK refuses a non-streamed request
 * with a large `max_tokens` ("streaming is required"), which the gateway's
 * caller, not the SDK, should decide.
 */
export const SDK_BACKSTOP_TIMEOUT_MS = 60 * 60 * 1000;

/**
 * The SDK's `baseURL` for a configured base URL. The SDK adds `/v1/...` to
 * every path, so a trailing `/v1` (as OpenAI-style configs write it) is
 * dropped rather than doubled. Pure.
 */
export function toAnthropicBaseURL(baseURL: string | undefined): string | undefined {
  if (baseURL === undefined) return undefined;
  return baseURL.replace(/\/+$/, "").replace(/\/v1$/, "");
}

/** What one SDK client is built from. */
export interface AnthropicClientOptions {
  apiKey: string;
  baseURL?: string | undefined;
  fetch: FetchFunction;
  /** Sent as `anthropic-version`; default the SDK's. */
  anthropicVersion?: AnthropicApiVersion | undefined;
  /** Sent as `anthropic-beta`, comma-separated. */
  betas?: readonly string[] | undefined;
  /** Receives the SDK's warnings and errors (message only), instead of the console. */
  logger?: Logger | undefined;
}

type SdkLogFn = (message: string, ...rest: unknown[]) => void;

/** The SDK logs with console-like methods; only the message text goes on, never request details. */
function sdkLogger(logger: Logger): Record<"error" | "warn" | "info" | "debug", SdkLogFn> {
  const to =
    (level: "warn" | "debug"): SdkLogFn =>
    (message) =>
      logger[level]({ provider: "anthropic", source: "sdk" }, String(message));
  return { error: to("warn"), warn: to("warn"), info: to("debug"), debug: to("debug") };
}

/**
 * Builds the official SDK client: requests go through the injected egress
 * fetch, the SDK's own retries are off because core's runners retry, and
 * what the SDK would otherwise read from the environment (webhook key, log
 * level) is set explicitly. The API key goes out as `Authorization: Bearer`,
 * which is how this SDK version sends an `apiKey`.
 */
export function createAnthropicClient(options: AnthropicClientOptions): Anthropic {
  const baseURL = toAnthropicBaseURL(options.baseURL);
  const headers: Record<string, string> = {};
  if (options.anthropicVersion) headers["anthropic-version"] = options.anthropicVersion;
  if (options.betas?.length) headers["anthropic-beta"] = options.betas.join(",");
  return new Anthropic({
    apiKey: options.apiKey,
    webhookKey: null,
    ...(baseURL !== undefined ? { baseURL } : {}),
    maxRetries: 0,
    timeout: SDK_BACKSTOP_TIMEOUT_MS,
    fetch: options.fetch,
    ...(Object.keys(headers).length > 0 ? { defaultHeaders: headers } : {}),
    logLevel: "warn",
    ...(options.logger ? { logger: sdkLogger(options.logger) } : {}),
  });
}
