import { baseProviderSettingsSchema, formatValidationError } from "@oss-ai-agent-tool/core";
import { z } from "zod";

/** Where Entra ID tokens come from unless `entra.authorityHost` says otherwise. */
export const DEFAULT_ENTRA_AUTHORITY_HOST = "https://login.microsoftonline.com";

/** The scope Azure OpenAI accepts tokens for. */
export const COGNITIVE_SERVICES_SCOPE = "https://cognitiveservices.azure.com/.default";

const httpUrl = z
  .url({ message: "must be an absolute http(s) URL" })
  .regex(/^https?:\/\//i, { message: "must be an absolute http(s) URL" });

// Tenant and client ids are GUIDs or (tenant) a verified domain; both end up in a URL or a form.
const tenantId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9.-]*$/, { message: "must be a tenant GUID or domain name" });

/**
 * Microsoft Entra ID (client credentials) settings. The client secret is a
 * credential, not a setting: secret `provider:azure-openai:clientSecret` or
 * `AZURE_CLIENT_SECRET`.
 */
export const entraSettingsSchema = z
  .object({
    /** Directory (tenant) id or domain. */
    tenantId,
    /** Application (client) id of the app registration. */
    clientId: z.string().min(1),
    /** Token scope. Default `https://cognitiveservices.azure.com/.default`. */
    scope: z.string().min(1).optional(),
    /** Login host for sovereign clouds. Default `https://login.microsoftonline.com`. */
    authorityHost: httpUrl.optional(),
  })
  .strict();

/**
 * Settings of the Azure OpenAI provider (`providers.settings.azure-openai`).
 *
 * - `apiVersion` is required: Azure rejects requests without `api-version`.
 * - `endpoint` is the resource URL (`https://<resource>.openai.azure.com`);
 *   the SDK appends `/openai`. `baseURL` is the full API base handed to the
 *   SDK as is (a proxy: `https://proxy.example/openai`). They are mutually
 *   exclusive; with neither, `AZURE_OPENAI_ENDPOINT` is read.
 * - `deployments` maps model names to deployment names; an unmapped model is
 *   used as the deployment name itself.
 * - `entra` switches authentication from the API key to Microsoft Entra ID.
 */
export const azureOpenAISettingsSchema = baseProviderSettingsSchema
  .extend({
    baseURL: httpUrl.optional(),
    endpoint: httpUrl.optional(),
    apiVersion: z
      .string({ message: "is required: the Azure OpenAI API version, e.g. 2024-10-21" })
      .min(1, { message: "is required: the Azure OpenAI API version, e.g. 2024-10-21" }),
    deployments: z.record(z.string().min(1), z.string().min(1)).optional(),
    defaultEmbeddingModel: z.string().min(1).optional(),
    entra: entraSettingsSchema.optional(),
  })
  .strict()
  .refine((s) => !(s.baseURL && s.endpoint), {
    message: "baseURL and endpoint are mutually exclusive: set one",
    path: ["endpoint"],
  });

/** Settings of the Azure OpenAI provider, as validated. */
export type AzureOpenAISettings = z.output<typeof azureOpenAISettingsSchema>;

/** Entra ID client-credentials settings. */
export type EntraSettings = z.output<typeof entraSettingsSchema>;

/**
 * Validates settings with the zod schema.
 *
 * @throws {Error} naming every bad field as `providers.settings.azure-openai.<field>`.
 */
export function parseAzureOpenAISettings(settings: unknown): AzureOpenAISettings {
  const parsed = azureOpenAISettingsSchema.safeParse(settings ?? {});
  if (parsed.success) return parsed.data;
  throw new Error(
    `azure-openai: invalid settings:\n${formatValidationError(parsed.error, "providers.settings.azure-openai")}`,
  );
}
