import semver from "semver";
import { z } from "zod";

const ID_PATTERN = /^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$/;
const ID_RULE =
  'must be lowercase letters and digits, words joined by "-" or "_", e.g. "azure-openai"';
const ENV_PATTERN = /^[A-Z_][A-Z0-9_]*$/;

const providerId = z.string().regex(ID_PATTERN, { message: ID_RULE });
const envName = z
  .string()
  .regex(ENV_PATTERN, { message: "must be an environment variable name, e.g. OPENAI_API_KEY" });

/** What a provider can do. Undeclared capabilities are off. */
export const capabilitiesSchema = z
  .object({
    chat: z.boolean().default(true),
    stream: z.boolean().default(false),
    tools: z.boolean().default(false),
    embeddings: z.boolean().default(false),
    vision: z.boolean().default(false),
    responseFormat: z.boolean().default(false),
    reasoning: z.boolean().default(false),
  })
  .strict();

/** A credential the plugin needs: looked up in the secrets store by `key`, then in `env`. */
export const credentialSchema = z
  .object({
    /** Secrets-store key, e.g. `provider:openai:apiKey`. */
    key: z.string().min(1, { message: "must name the secrets-store key" }),
    /** Environment variable(s) read when the store has no value; the first set one wins. */
    env: z.union([envName, z.array(envName).min(1)]),
    description: z.string().min(1),
    required: z.boolean().default(true),
    /**
     * Alternatives: required credentials that share a group are satisfied
     * when any one of them is set (e.g. an API key or an Entra client secret).
     */
    oneOf: providerId.optional(),
  })
  .strict();

/** A JSON Schema object describing the plugin's settings. */
const jsonSchemaObject = z
  .record(z.string(), z.unknown())
  .refine((schema) => schema.type === "object", {
    message: 'must be a JSON Schema with "type": "object"',
  });

/**
 * The `"oaat"` field of a provider plugin's `package.json`. The orchestrator
 * reads it without importing the plugin's code.
 */
export const pluginManifestSchema = z
  .object({
    /** The plugin API range the plugin was built for, e.g. `^1.0.0`. */
    pluginApi: z.string().refine((range) => semver.validRange(range) !== null, {
      message: 'must be a semver range such as "^1.0.0"',
    }),
    id: providerId,
    /** Other names the provider answers to, e.g. the seed's `azureopenai` and `local_ollama`. */
    aliases: z.array(providerId).default([]),
    displayName: z.string().min(1),
    /** The module that default-exports a `defineProvider(...)` result, relative to the package. */
    entry: z
      .string()
      .regex(/^\.\//, { message: 'must be a path relative to the package, starting with "./"' }),
    capabilities: capabilitiesSchema,
    credentials: z.array(credentialSchema).default([]),
    /** Hosts the plugin talks to by default; added to the egress allowlist when it is enabled. */
    egressHosts: z.array(z.string().min(1)).default([]),
    defaultModel: z.string().min(1).optional(),
    /** The official SDK's base-URL environment variable, e.g. `OPENAI_BASE_URL`. */
    baseURLEnv: envName.optional(),
    /** JSON Schema of the plugin's settings (`providers.settings.<id>`). */
    optionsSchema: jsonSchemaObject,
  })
  .strict();

/** A validated plugin manifest. */
export type PluginManifest = z.output<typeof pluginManifestSchema>;

/** A manifest as written in `package.json`, before defaults are applied. */
export type PluginManifestInput = z.input<typeof pluginManifestSchema>;

/** A declared credential. */
export type CredentialSpec = z.output<typeof credentialSchema>;
