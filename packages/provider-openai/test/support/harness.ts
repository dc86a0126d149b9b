import { readFileSync } from "node:fs";
import {
  type ChatStreamEvent,
  type PluginManifest,
  type PluginManifestInput,
  pluginManifestSchema,
} from "@oss-ai-agent-tool/core";
import { type Harness, type HarnessOverrides, startHarness } from "@oss-ai-agent-tool/testkit";
import openAIPlugin, { type OpenAISettings } from "../../src/index.js";

/** The `"oaat"` manifest exactly as package.json carries it. */
export const manifestInput: PluginManifestInput = (
  JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    oaat: PluginManifestInput;
  }
).oaat;

export const manifest: PluginManifest = pluginManifestSchema.parse(manifestInput);

export const API_KEY = "sk-test-openai-provider-0001";

export interface StartOptions {
  settings?: (url: string) => Partial<OpenAISettings> & Record<string, unknown>;
  credentials?: Record<string, string>;
  overrides?: HarnessOverrides;
}

/** Starts a mock upstream and the OpenAI plugin pointed at it, built as the orchestrator builds it. */
export function startOpenAI(options: StartOptions = {}): Promise<Harness> {
  return startHarness<OpenAISettings>(
    {
      plugin: openAIPlugin,
      manifest,
      settings: (url, overrides) => ({
        baseURL: `${url}/v1`,
        retryAttempts: 1,
        ...overrides,
        ...options.settings?.(url),
      }),
      credentials: options.credentials ?? { "provider:openai:apiKey": API_KEY },
    },
    { overrides: options.overrides ?? {} },
  );
}

export async function collect(
  stream: AsyncIterable<ChatStreamEvent> | undefined,
): Promise<ChatStreamEvent[]> {
  const events: ChatStreamEvent[] = [];
  for await (const event of stream ?? []) events.push(event);
  return events;
}

/** Collects a stream until it throws; returns what arrived and the error. */
export async function collectUntilError(
  stream: AsyncIterable<ChatStreamEvent> | undefined,
): Promise<{ events: ChatStreamEvent[]; error: unknown }> {
  const events: ChatStreamEvent[] = [];
  try {
    for await (const event of stream ?? []) events.push(event);
  } catch (error) {
    return { events, error };
  }
  throw new Error(`expected the stream to fail; it ended after ${events.length} events`);
}

export async function rejection(promise: Promise<unknown> | undefined): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

export function sentBody(h: Harness, index = 0): Record<string, unknown> {
  const request = h.upstream.requests[index];
  if (!request) throw new Error(`no request #${index} reached the upstream`);
  return request.json() as Record<string, unknown>;
}

export function textOf(events: readonly ChatStreamEvent[]): string {
  return events.flatMap((e) => (e.type === "text-delta" ? [e.delta] : [])).join("");
}

export async function* fromArray<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}
