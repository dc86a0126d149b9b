import { runConformanceSuite } from "@oss-ai-agent-tool/testkit";
import pkg from "../package.json" with { type: "json" };
import plugin from "../src/index.js";
import { openRouterWire } from "./openrouter-wire.js";

runConformanceSuite({
  plugin,
  manifest: pkg.oaat,
  wire: openRouterWire(),
  settings: (url, overrides) => ({
    baseURL: `${url}/api/v1`,
    siteUrl: "https://gateway.example.org",
    appName: "OAAT conformance",
    ...overrides,
  }),
  model: "anthropic/claude-3.5-sonnet",
  embeddingModel: "openai/text-embedding-3-small",
});
