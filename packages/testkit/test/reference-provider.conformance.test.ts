import { runConformanceSuite } from "../src/conformance/index.js";
import { createReferencePlugin, referenceManifest } from "../src/reference-provider/index.js";
import { openAIChatWire } from "../src/wires/openai-chat-wire.js";

const options = { id: "reference-openai", apiKeyEnv: "REFERENCE_OPENAI_API_KEY" };

// The suite run against a small provider made only of core's helpers and the
// official openai SDK: proof that the suite passes real code and fails broken code.
runConformanceSuite({
  plugin: createReferencePlugin(options),
  manifest: referenceManifest(options),
  wire: openAIChatWire(),
  settings: (url, overrides) => ({ baseURL: `${url}/v1`, ...overrides }),
});
