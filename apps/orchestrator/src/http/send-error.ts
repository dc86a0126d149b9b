import {
  isProviderError,
  normalizeProviderError,
  type ProviderError,
} from "@oss-ai-agent-tool/core";
import type { FastifyReply } from "fastify";
import {
  type OpenAIRequestError,
  providerErrorToOpenAI,
  toOpenAIErrorBody,
} from "../openai-api/index.js";

/** Answers with a bad-request error in OpenAI's shape. */
export function sendRequestError(reply: FastifyReply, error: OpenAIRequestError): FastifyReply {
  return reply
    .code(error.status)
    .send(toOpenAIErrorBody(error.status, error.message, error.code, error.param));
}

/**
 * Answers with a provider or gateway failure in OpenAI's shape, with the
 * status a client should see (see `providerErrorToOpenAI`) and `Retry-After`
 * when one is known. The message is already free of secrets.
 */
export function sendProviderError(reply: FastifyReply, err: unknown): FastifyReply {
  const error: ProviderError = isProviderError(err) ? err : normalizeProviderError("gateway", err);
  const mapped = providerErrorToOpenAI(error);
  reply.code(mapped.status);
  for (const [name, value] of Object.entries(mapped.headers)) reply.header(name, value);
  return reply.send(mapped.body);
}
