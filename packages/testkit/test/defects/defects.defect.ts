import { runConformanceSuite } from "../../src/conformance/index.js";
import { openAIChatWire } from "../../src/wires/openai-chat-wire.js";
import { brokenManifest, brokenProviders } from "./broken-providers.js";

// Run only by conformance-detects-defects.test.ts: every suite here is expected to fail.
const plugin = brokenProviders[process.env.OAAT_DEFECT ?? ""];
if (!plugin)
  throw new Error(`OAAT_DEFECT must name one of: ${Object.keys(brokenProviders).join(", ")}`);

runConformanceSuite({
  plugin,
  manifest: brokenManifest,
  wire: openAIChatWire(),
  settings: (url, overrides) => ({ baseURL: `${url}/v1`, ...overrides }),
});
