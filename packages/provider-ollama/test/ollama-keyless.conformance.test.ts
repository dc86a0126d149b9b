import { ollamaWire, runConformanceSuite } from "@oss-ai-agent-tool/testkit";
import plugin from "../src/index.js";
import { packageManifest } from "./support/manifest.js";

// The same suite as a local Ollama runs: no credential declared or stored, so
// nothing is sent but the request. The suite skips its credential checks for a
// manifest without credentials; everything else must pass unchanged.
runConformanceSuite({
  plugin,
  manifest: { ...packageManifest(), credentials: [] },
  wire: ollamaWire(),
  settings: (url, overrides) => ({ baseURL: url, ...overrides }),
  model: "llama3.2",
  embeddingModel: "nomic-embed-text",
});
