import { type MockUpstream, rejectionOf } from "@oss-ai-agent-tool/testkit";
import { APIError } from "openai";
import { expect } from "vitest";

/** The rejection of an openai SDK call, which must be one of the SDK's `APIError`s. */
export async function apiErrorOf(promise: Promise<unknown>): Promise<APIError> {
  const err = await rejectionOf(promise);
  expect(err).toBeInstanceOf(APIError);
  return err as APIError;
}

/** How many chat requests an upstream has received. */
export function chatPosts(upstream: MockUpstream): number {
  return upstream.requests.filter((r) => r.method === "POST" && r.path === "/v1/chat/completions")
    .length;
}
