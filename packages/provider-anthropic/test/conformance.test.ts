import { anthropicWire, runConformanceSuite } from "@oss-ai-agent-tool/testkit";
import plugin from "../src/index.js";
import { manifestInput } from "./helpers.js";

// The conformance suite sends `temperature`, which API version 2026-10-21 (the
// default) no longer takes: with the default settings it is left out with a warning.
runConformanceSuite({
  plugin,
  manifest: manifestInput(),
  wire: anthropicWire(),
  settings: (url, overrides) => ({ baseURL: url, ...overrides }),
});
