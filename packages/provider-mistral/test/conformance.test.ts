import { mistralWire, runConformanceSuite } from "@oss-ai-agent-tool/testkit";
import plugin from "../src/index.js";
import { manifestInput } from "./helpers.js";

runConformanceSuite({
  plugin,
  manifest: manifestInput(),
  wire: mistralWire(),
  settings: (url, overrides) => ({ baseURL: url, ...overrides }),
  embeddingModel: "mistral-embed",
});
