import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const srcDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../src");
// Provider ids and SDKs a gateway might be tempted to special-case. "openai" is
// also the name of the protocol the gateway speaks, so it is checked as an id
// literal and as an SDK import only.
const PROVIDER_IDS = [
  "openai",
  "anthropic",
  "google",
  "gemini",
  "bedrock",
  "mistral",
  "ollama",
  "azure-openai",
  "openrouter",
];
const SDKS = [
  "openai",
  "@anthropic-ai/sdk",
  "@google/genai",
  "@aws-sdk/client-bedrock-runtime",
  "@mistralai/mistralai",
  "ollama",
];

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) =>
      e.isDirectory()
        ? sourceFiles(path.join(dir, e.name))
        : Promise.resolve([path.join(dir, e.name)]),
    ),
  );
  return nested.flat().filter((f) => f.endsWith(".ts"));
}

describe("the orchestrator names no provider in its own code", () => {
  it("imports no provider package or provider SDK, and has no provider id literal", async () => {
    const offenders: string[] = [];
    for (const file of await sourceFiles(srcDir)) {
      const text = await readFile(file, "utf8");
      const rel = path.relative(srcDir, file);
      for (const match of text.matchAll(/from\s+["']([^"']+)["']/g)) {
        const spec = match[1] ?? "";
        if (/^@[^/]+\/provider-/.test(spec) || SDKS.includes(spec))
          offenders.push(`${rel}: imports ${spec}`);
      }
      for (const id of PROVIDER_IDS) {
        if (text.includes(`"${id}"`) || text.includes(`'${id}'`))
          offenders.push(`${rel}: literal "${id}"`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
