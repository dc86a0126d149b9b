/**
 * `@oss-ai-agent-tool/provider-azure-openai`: Azure OpenAI through the
 * official `openai` SDK's `AzureOpenAI` client, with deployment mapping and
 * API-key or Microsoft Entra ID authentication.
 */
import { createAzureOpenAIPlugin } from "./create-azure-openai-plugin.js";

export * from "./azure-openai-capabilities.js";
export * from "./azure-openai-settings.js";
export * from "./create-azure-openai-plugin.js";
export * from "./entra-client-credentials.js";
export * from "./resolve-azure-base-url.js";
export * from "./resolve-deployment.js";
export * from "./token-provider.js";

/** The plugin the orchestrator loads: API key or `settings.entra` authentication. */
export default createAzureOpenAIPlugin();
