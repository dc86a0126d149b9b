import { bedrockWire, runConformanceSuite } from "@oss-ai-agent-tool/testkit";
import plugin from "../src/index.js";
import { manifestInput, testSettings } from "./helpers.js";

runConformanceSuite({
  plugin,
  manifest: manifestInput(),
  wire: bedrockWire({ region: "us-east-1" }),
  // One embedding call at a time, so the mock's i-th reply answers the i-th input.
  settings: (url, overrides) => ({ ...testSettings(url, overrides), embedConcurrency: 1 }),
  model: "amazon.nova-lite-v1:0",
  embeddingModel: "amazon.titan-embed-text-v2:0",
});
