import { runConformanceSuite } from "@oss-ai-agent-tool/testkit";
import pkg from "../package.json" with { type: "json" };
import plugin from "../src/index.js";
import { azureOpenAIWire, TEST_API_VERSION } from "./azure-wire.js";

// The API-key path; the Entra ID path has its own end-to-end tests.
runConformanceSuite({
  plugin,
  manifest: pkg.oaat,
  wire: azureOpenAIWire(),
  settings: (url, overrides) => ({ endpoint: url, apiVersion: TEST_API_VERSION, ...overrides }),
  model: "gpt-4o",
  embeddingModel: "text-embedding-3-small",
});
