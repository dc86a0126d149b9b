import { runConformanceSuite } from "../src/conformance/index.js";
import { openAIChatWire } from "../src/wires/openai-chat-wire.js";
import { referenceManifest } from "./reference-provider/manifest.js";
import referencePlugin from "./reference-provider/reference-provider.js";

// The suite run against a small provider made only of core's helpers and the
// official openai SDK: proof that the suite passes real code and fails broken code.
runConformanceSuite({
  plugin: referencePlugin,
  manifest: referenceManifest,
  wire: openAIChatWire(),
  settings: (url, overrides) => ({ baseURL: url, ...overrides }),
});
