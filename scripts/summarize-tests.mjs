// Sums the per-package vitest totals in a captured test log and prints one
// closing line, "tests: N passed, N failed, N skipped", so that a run of many
// packages ends with a single count.
import { readFileSync } from "node:fs";

const log = readFileSync(process.argv[2] ?? 0, "utf8");
// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes are exactly what we strip.
const plain = log.replace(/\u001b\[[0-9;]*m/g, "");
const totals = { passed: 0, failed: 0, skipped: 0 };
let packages = 0;
for (const line of plain.split("\n")) {
  const match = /\bTests\s+(.+?)\s+\(\d+\)\s*$/.exec(line);
  if (!match) continue;
  packages++;
  for (const part of match[1].split("|")) {
    const [, count, kind] = /(\d+)\s+(passed|failed|skipped|todo)/.exec(part.trim()) ?? [];
    if (kind === "todo") totals.skipped += Number(count);
    else if (kind) totals[kind] += Number(count);
  }
}
if (packages === 0) {
  console.error("summarize-tests: no vitest totals found in the log");
  process.exit(1);
}
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
