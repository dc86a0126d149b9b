import type { ChatStreamEvent, PluginManifestInput } from "@oss-ai-agent-tool/core";
import { pluginManifestSchema } from "@oss-ai-agent-tool/core";
import { type Harness, startHarness } from "@oss-ai-agent-tool/testkit";
import { afterEach } from "vitest";
import plugin from "../../src/index.js";
import { packageManifest } from "./manifest.js";

/** How to build one provider for a test. */
export interface StartOptions {
  /** Settings from the mock's URL; default `{ baseURL: url, retryAttempts: 3 }`. */
  settings?: (url: string) => Record<string, unknown>;
  manifest?: Partial<PluginManifestInput>;
  credentials?: Record<string, string>;
  egressAllow?: string[];
}

/** Starts providers over a mock upstream and closes them after each test. */
export function useOllamaHarness(): (options?: StartOptions) => Promise<Harness> {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });
  return async (options = {}) => {
    harness = await startHarness(
      {
        plugin,
        manifest: pluginManifestSchema.parse({ ...packageManifest(), ...options.manifest }),
        settings: (url) => (options.settings?.(url) ?? { baseURL: url, retryAttempts: 3 }) as never,
        credentials: options.credentials ?? {},
      },
      options.egressAllow ? { egressAllow: options.egressAllow } : {},
    );
    return harness;
  };
}

/** Reads a stream to its end. */
export async function collect(
  stream: AsyncIterable<ChatStreamEvent> | undefined,
): Promise<ChatStreamEvent[]> {
  const events: ChatStreamEvent[] = [];
  for await (const event of stream ?? []) events.push(event);
  return events;
}

/** What a promise rejected with; fails when it resolves. */
export async function rejection(promise: Promise<unknown> | undefined): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

/** Reads a stream, returning the events before the error and the error. */
export async function collectUntilError(
  stream: AsyncIterable<ChatStreamEvent> | undefined,
): Promise<{ events: ChatStreamEvent[]; error: unknown }> {
  const events: ChatStreamEvent[] = [];
  try {
    for await (const event of stream ?? []) events.push(event);
  } catch (error) {
    return { events, error };
  }
  throw new Error("expected the stream to fail, but it ended");
}

/** The text deltas of a stream, joined. */
export function textOf(events: ChatStreamEvent[]): string {
  return events.flatMap((e) => (e.type === "text-delta" ? [e.delta] : [])).join("");
}

/** The reasoning deltas of a stream, joined. */
export function reasoningOf(events: ChatStreamEvent[]): string {
  return events.flatMap((e) => (e.type === "reasoning-delta" ? [e.delta] : [])).join("");
}
