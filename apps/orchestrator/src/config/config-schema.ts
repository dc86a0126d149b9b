import { egressConfigSchema } from "@oss-ai-agent-tool/core";
import { z } from "zod";
import { apiKeyEntriesSchema } from "../auth/index.js";

/** The seed's routing modes; each names an ordered list of providers in `routingPriority`. */
export const ROUTING_MODES = ["balanced", "high_quality", "low_cost"] as const;

/** One of the seed's routing modes. */
export type RoutingMode = (typeof ROUTING_MODES)[number];

const providerRef = z.string().min(1, { message: "must be a provider id" });

// `provider/model` with a non-empty provider and model; the model may contain further slashes.
const targetSchema = z.string().regex(/^[^/\s]+\/\S+$/, {
  message: 'must be "provider/model", e.g. "openai/gpt-4o-mini"',
});

const serverSchema = z
  .object({
    host: z.string().min(1).default("127.0.0.1"),
    port: z.number().int().min(0).max(65_535).default(4000),
    /** How long SIGTERM waits for in-flight requests and streams before ending them. */
    drainTimeoutMs: z.number().int().min(0).default(10_000),
    /** Trust `X-Forwarded-*` headers (behind a reverse proxy). */
    trustProxy: z.boolean().default(false),
  })
  .strict();

const limitsSchema = z
  .object({
    /** Largest request body accepted, in bytes; larger bodies get 413. */
    bodyLimitBytes: z
      .number()
      .int()
      .positive()
      .default(8 * 1024 * 1024),
    /** Most messages in one chat request. */
    maxMessages: z.number().int().positive().default(1000),
    /** Most characters of content (text and inline image data) across one request's messages. */
    maxContentChars: z.number().int().positive().default(4_000_000),
  })
  .strict();

const routingPrioritySchema = z
  .object({
    balanced: z.array(providerRef).optional(),
    high_quality: z.array(providerRef).optional(),
    low_cost: z.array(providerRef).optional(),
  })
  .strict();

const providersSchema = z
  .object({
    /** Provider ids (or aliases) to enable. Absent: every installed plugin whose credentials are present. */
    enabled: z.array(providerRef).optional(),
    /** Where a bare model name (no `provider/`) goes. Absent: the first enabled provider of the default route. */
    defaultProvider: providerRef.optional(),
    defaultRoute: z.enum(ROUTING_MODES).default("balanced"),
    routingPriority: routingPrioritySchema.default({}),
    /** Per-provider settings, each validated against that plugin's manifest `optionsSchema`. */
    settings: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
  })
  .strict();

const circuitBreakerSchema = z
  .object({
    failureThreshold: z.number().int().positive().default(5),
    cooldownMs: z.number().int().positive().default(30_000),
  })
  .strict();

const routingSchema = z
  .object({
    /** A name mapped to an ordered list of `provider/model` targets, tried in turn. */
    aliases: z
      .record(z.string().min(1), z.union([targetSchema, z.array(targetSchema).min(1)]))
      .default({}),
    /** One deadline for a request, covering every retry and fallback (for streams: until the first event). */
    deadlineMs: z.number().int().positive().default(120_000),
    circuitBreaker: circuitBreakerSchema.default({ failureThreshold: 5, cooldownMs: 30_000 }),
  })
  .strict();

const healthSchema = z
  .object({
    /** Budget for each provider's probe under `?test=true`. */
    probeTimeoutMs: z.number().int().positive().default(5_000),
    /** How long a probe result is reused, so that health polling cannot hammer upstreams. */
    probeCacheMs: z.number().int().min(0).default(10_000),
    /** Error rate over the last minute at which a provider reports `degraded`. */
    degradedErrorRate: z.number().min(0).max(1).default(0.2),
  })
  .strict();

const authSchema = z
  .object({
    apiKeys: apiKeyEntriesSchema.default([]),
  })
  .strict();

const secretsSchema = z
  .object({
    /** A JSON secrets file (mode 0600), read before environment variables. */
    file: z.string().min(1).optional(),
    /** The environment variable holding the file's passphrase, if it is encrypted. */
    passphraseEnv: z
      .string()
      .regex(/^[A-Z_][A-Z0-9_]*$/, { message: "must be an environment variable name" })
      .optional(),
  })
  .strict();

const loggingSchema = z
  .object({
    level: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
  })
  .strict();

const metricsSchema = z
  .object({
    /** Adds a `tenant` label to provider metrics (bounded). Off by default to keep cardinality low. */
    tenantLabel: z.boolean().default(false),
    /** Node process metrics (`process_*`, `nodejs_*`) on `/metrics`. */
    processMetrics: z.boolean().default(true),
  })
  .strict();

/**
 * The gateway config. Keys are stable: users and scripts rely on them, and
 * the seed's keys (`providers.enabled`, `routingPriority`, per-provider
 * `defaultModel` and `timeoutMs`, `network.egress`) keep their meaning.
 */
export const gatewayConfigSchema = z
  .object({
    server: serverSchema.default(serverSchema.parse({})),
    limits: limitsSchema.default(limitsSchema.parse({})),
    /** Extra plugin packages, by package name or by path (relative to the config file). */
    plugins: z.array(z.string().min(1)).default([]),
    discovery: z
      .object({
        /**
         * Scan the orchestrator's own installation for plugin packages. Off,
         * only the packages under `plugins:` are ever loaded: an explicit
         * allowlist of the code the gateway runs.
         */
        installed: z.boolean().default(true),
      })
      .strict()
      .default({ installed: true }),
    providers: providersSchema.default(providersSchema.parse({})),
    routing: routingSchema.default(routingSchema.parse({})),
    network: z
      .object({
        // Strict here (core's schema is not), so a typo such as `alow:` fails
        // start-up instead of silently leaving the allowlist empty.
        egress: egressConfigSchema.strict().default({ mode: "enforce", allow: [] }),
      })
      .strict()
      .default({ egress: { mode: "enforce", allow: [] } }),
    auth: authSchema.default({ apiKeys: [] }),
    secrets: secretsSchema.default({}),
    health: healthSchema.default(healthSchema.parse({})),
    logging: loggingSchema.default({ level: "info" }),
    metrics: metricsSchema.default({ tenantLabel: false, processMetrics: true }),
  })
  .strict();

/** The validated gateway config, defaults applied. */
export type GatewayConfig = z.output<typeof gatewayConfigSchema>;

/** The gateway config as written in the file. */
export type GatewayConfigInput = z.input<typeof gatewayConfigSchema>;
