import { execFile } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "..");
const vitestBin = path.join(
  path.dirname(createRequire(import.meta.url).resolve("vitest/package.json")),
  "vitest.mjs",
);

interface JsonReport {
  testResults: Array<{ assertionResults: Array<{ title: string; status: string }> }>;
}

/** Runs the conformance suite against one broken provider in a child vitest; returns failing test titles. */
async function failingTests(defect: string): Promise<string[]> {
  const out = path.join(tmpdir(), `oaat-defect-${defect}-${process.pid}.json`);
  try {
    await run(
      process.execPath,
      [
        vitestBin,
        "run",
        "test/defects/defects.defect.ts",
        "--config",
        "test/defects/vitest.defects.config.ts",
        "--reporter=json",
        `--outputFile=${out}`,
      ],
      { cwd: root, env: { ...process.env, OAAT_DEFECT: defect }, timeout: 60_000 },
    ).catch(() => undefined);
    const report = JSON.parse(await readFile(out, "utf8")) as JsonReport;
    return report.testResults.flatMap((f) =>
      f.assertionResults.filter((a) => a.status === "failed").map((a) => a.title),
    );
  } finally {
    await rm(out, { force: true });
  }
}

// The suite is only worth running if it fails broken providers. Each case
// breaks the reference provider in one way real providers break, and checks
// that the suite names that defect.
describe("the conformance suite catches broken providers", () => {
  it.each([
    ["dropsStreamUsage", "streams text deltas, then usage, then finish last"],
    ["ignoresContext", "stops at once when the caller aborts"],
    ["skipsNormalization", "normalizes a 400 into a non-retryable ProviderError"],
    ["flattensFinishReasons", "maps finish reason length to length"],
  ])("%s is caught", { timeout: 90_000 }, async (defect, expectedFailure) => {
    const failures = await failingTests(defect);
    expect(failures.some((title) => title.startsWith(expectedFailure))).toBe(true);
  });
});
