export {
  type Harness,
  type HarnessOverrides,
  type HarnessSpec,
  metricValue,
  startHarness,
} from "./conformance-harness.js";
export { type ConformanceOptions, runConformanceSuite } from "./run-conformance-suite.js";
export { runStreamFaultSuite, type StreamFaultSuiteOptions } from "./run-stream-fault-suite.js";
export type {
  ChatScenario,
  EmbedScenario,
  ScenarioUsage,
  WireAdapter,
  WireRoute,
} from "./wire-adapter.js";
