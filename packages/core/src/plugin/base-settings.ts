import { z } from "zod";

/**
 * Settings every provider accepts, with the seed's names. A provider extends
 * this schema with its own keys.
 */
export const baseProviderSettingsSchema = z.object({
  /** Send requests here instead of the provider's public API (a proxy or a test double). */
  baseURL: z.url({ message: "must be an absolute http(s) URL" }).optional(),
  defaultModel: z.string().min(1).optional(),
  /** Budget for one attempt, in ms. */
  timeoutMs: z.number().int().positive().optional(),
  /** Longest silence between two streamed events, in ms. */
  idleTimeoutMs: z.number().int().positive().optional(),
  /** Total attempts per call, the first included. */
  retryAttempts: z.number().int().min(1).max(10).optional(),
});

/** Settings every provider accepts. */
export type BaseProviderSettings = z.output<typeof baseProviderSettingsSchema>;
