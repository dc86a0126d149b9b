import type { MessageCreateParamsBase, OutputConfig } from "@anthropic-ai/sdk/resources/messages";
import type { ChatRequest } from "@oss-ai-agent-tool/core";
import type { AnthropicApiVersion } from "./anthropic-capabilities.js";
import { convertToAnthropicMessages } from "./convert-to-anthropic-messages.js";
import { acceptsSamplingParameters } from "./find-unsupported-parameters.js";
import { InvalidAnthropicRequestError } from "./invalid-anthropic-request-error.js";
import { mapAnthropicResponseFormat } from "./map-anthropic-response-format.js";
import { toAnthropicToolChoice, toAnthropicTools } from "./map-anthropic-tools.js";
import type { AnthropicChatOptions } from "./read-anthropic-provider-options.js";

/**
 * A Messages API request body without `stream`. The sampling fields are not
 * in the SDK's types (its API version removed them) but API version
 * 2023-06-01 still takes them, and the SDK sends the body as it is.
 */
export type AnthropicChatParams = Omit<MessageCreateParamsBase, "stream"> & {
  temperature?: number;
  top_p?: number;
  top_k?: number;
};

/** What {@link toAnthropicParams} needs besides the request. */
export interface AnthropicParamsOptions {
  /** `max_tokens` when the request sets none. */
  defaultMaxTokens: number;
  /** The `anthropic-version` the request goes out with. */
  version: AnthropicApiVersion;
  /** `providerOptions.anthropic`, already read. */
  options?: AnthropicChatOptions;
}

/** A request body, and whether its reply comes back through the forced `json` tool. */
export interface PreparedAnthropicParams {
  params: AnthropicChatParams;
  /** True for `json_object`: the `json` tool's input is the reply text. */
  jsonTool: boolean;
}

function maxTokensOf(req: ChatRequest, defaults: AnthropicParamsOptions): number {
  if (req.maxTokens !== undefined) return req.maxTokens;
  // Thinking tokens count toward max_tokens, which must exceed the budget.
  const thinking = defaults.options?.thinking;
  const budget = thinking?.type === "enabled" ? thinking.budget_tokens : 0;
  return defaults.defaultMaxTokens + budget;
}

/**
 * Maps a contract request to a Messages API body. Pure.
 *
 * - `max_tokens`, which Anthropic requires, is the request's `maxTokens`, or
 *   the default plus the thinking budget when thinking is enabled.
 * - `stop` → `stop_sequences`, `user` → `metadata.user_id`.
 * - `temperature`, `topP` → `top_p` and `top_k` (provider option) go out only
 *   on API version 2023-06-01; `seed` never (Anthropic has none). The
 *   provider decides beforehand whether their absence is an error.
 * - Tools, tool choice and response format as their mappers say; `json_object`
 *   adds a forced `json` tool and so cannot be combined with tools.
 * - Provider options: `thinking`, `service_tier`, `cache_control`, `effort`
 *   (`output_config.effort`) and `disable_parallel_tool_use` (on the tool choice).
 *
 * @throws {InvalidAnthropicRequestError} for what Anthropic cannot express.
 */
export function toAnthropicParams(
  req: ChatRequest,
  model: string,
  defaults: AnthropicParamsOptions,
): PreparedAnthropicParams {
  const options = defaults.options ?? {};
  const { system, messages } = convertToAnthropicMessages(req.messages);
  const format = mapAnthropicResponseFormat(req.responseFormat);
  const userTools = req.tools?.length ? toAnthropicTools(req.tools) : [];
  if (format.kind === "json-tool" && userTools.length > 0) {
    throw new InvalidAnthropicRequestError(
      "json_object cannot be combined with tools on Anthropic (it is served by a forced tool call); use json_schema",
      "responseFormat",
    );
  }
  const tools = format.kind === "json-tool" ? [format.tool] : userTools;
  const toolChoice =
    format.kind === "json-tool"
      ? format.toolChoice
      : toAnthropicToolChoice(req.toolChoice, options.disable_parallel_tool_use);
  const outputConfig: OutputConfig = {
    ...(format.kind === "output-format" ? { format: format.format } : {}),
    ...(options.effort !== undefined ? { effort: options.effort } : {}),
  };
  const sampling = acceptsSamplingParameters(defaults.version);
  const stop = req.stop === undefined ? undefined : [req.stop].flat();

  const params: AnthropicChatParams = {
    model,
    max_tokens: maxTokensOf(req, defaults),
    messages,
    ...(system ? { system } : {}),
    ...(stop?.length ? { stop_sequences: stop } : {}),
    ...(req.user !== undefined ? { metadata: { user_id: req.user } } : {}),
    ...(sampling && req.temperature !== undefined ? { temperature: req.temperature } : {}),
    ...(sampling && req.topP !== undefined ? { top_p: req.topP } : {}),
    ...(sampling && options.top_k !== undefined ? { top_k: options.top_k } : {}),
    // A tool choice without tools is an error upstream, and means nothing anyway.
    ...(tools.length > 0 ? { tools } : {}),
    ...(tools.length > 0 && toolChoice ? { tool_choice: toolChoice } : {}),
    ...(Object.keys(outputConfig).length > 0 ? { output_config: outputConfig } : {}),
    ...(options.thinking ? { thinking: options.thinking } : {}),
    ...(options.service_tier ? { service_tier: options.service_tier } : {}),
    ...(options.cache_control ? { cache_control: options.cache_control } : {}),
  };
  return { params, jsonTool: format.kind === "json-tool" };
}
