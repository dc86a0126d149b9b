/**
 * `@oss-ai-agent-tool/provider-openrouter`: OpenRouter through the official
 * `openai` SDK, with app-attribution headers and provider-routing options.
 */
import { createOpenRouterPlugin } from "./create-openrouter-plugin.js";

export * from "./build-openrouter-headers.js";
export * from "./create-openrouter-plugin.js";
export * from "./merge-openrouter-options.js";
export * from "./openrouter-capabilities.js";
export * from "./openrouter-settings.js";

/** The plugin the orchestrator loads. */
export default createOpenRouterPlugin();
