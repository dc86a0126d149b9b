import { openAIChatWire, runConformanceSuite } from "@oss-ai-agent-tool/testkit";
import openAIPlugin from "../src/index.js";
import { acmeManifest } from "./support/acme-manifest.js";
import acmePlugin from "./support/acme-plugin.js";
import { manifestInput } from "./support/harness.js";

// The OpenAI plugin, exactly as published: its default export and its package.json manifest.
runConformanceSuite({
  plugin: openAIPlugin,
  manifest: manifestInput,
  wire: openAIChatWire(),
  settings: (url, overrides) => ({ baseURL: `${url}/v1`, ...overrides }),
  embeddingModel: "text-embedding-3-small",
});

// A third-party plugin made of nothing but createOpenAICompatibleProvider (the README example).
runConformanceSuite({
  plugin: acmePlugin,
  manifest: acmeManifest,
  wire: openAIChatWire(),
  settings: (url, overrides) => ({ baseURL: `${url}/v1`, ...overrides }),
});
