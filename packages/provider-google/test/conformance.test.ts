import { geminiWire, runConformanceSuite } from "@oss-ai-agent-tool/testkit";
import plugin from "../src/index.js";
import { manifestInput } from "./helpers.js";

runConformanceSuite({
  plugin,
  manifest: manifestInput(),
  wire: geminiWire(),
  settings: (url, overrides) => ({ baseURL: url, ...overrides }),
  model: "gemini-2.5-flash",
  embeddingModel: "gemini-embedding-001",
});
