import type { ProviderPlugin } from "@oss-ai-agent-tool/core";

/** The plugin, typed for tests that import this plain-JavaScript entry. */
declare const plugin: ProviderPlugin<unknown>;
export default plugin;
