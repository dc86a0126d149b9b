import { openAIChatWire, runConformanceSuite } from "@oss-ai-agent-tool/testkit";
import plugin from "./alpha/index.js";
import pkg from "./alpha/package.json" with { type: "json" };

// The end-to-end tests trust this plugin to behave like a real provider; the
// suite proves it, through the same entry and manifest the server loads.
runConformanceSuite({
  plugin,
  manifest: pkg.oaat,
  wire: openAIChatWire(),
  settings: (url, overrides) => ({ baseURL: `${url}/v1`, ...overrides }),
});
