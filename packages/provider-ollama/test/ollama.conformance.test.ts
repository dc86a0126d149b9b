import { ollamaWire, runConformanceSuite } from "@oss-ai-agent-tool/testkit";
import plugin from "../src/index.js";
import { packageManifest } from "./support/manifest.js";

// The shared suite, against Ollama's native wire through the official SDK. The
// manifest declares one optional credential (a bearer token for a hosted or
// proxied Ollama), so the suite's credential checks run too; with none declared
// they would be skipped.
runConformanceSuite({
  plugin,
  manifest: packageManifest(),
  wire: ollamaWire(),
  settings: (url, overrides) => ({ baseURL: url, ...overrides }),
  model: "llama3.2",
  embeddingModel: "nomic-embed-text",
});
