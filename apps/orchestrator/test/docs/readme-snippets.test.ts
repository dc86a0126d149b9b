import { execFile } from "node:child_process";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createMockUpstream, type MockUpstream, openAIChatWire } from "@oss-ai-agent-tool/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveConfig } from "../../src/config/index.js";
import { createLogger } from "../../src/logging/create-logger.js";
import { type RunningServer, startServer } from "../../src/server/start-server.js";

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const packageDir = path.resolve(here, "../..");
const readmePath = path.resolve(packageDir, "../../README.md");
const README_URL = "http://127.0.0.1:4000";
const wire = openAIChatWire();

function codeBlocks(markdown: string, lang: string): string[] {
  const blocks: string[] = [];
  const fence = new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``, "g");
  for (const match of markdown.matchAll(fence)) blocks.push(match[1] ?? "");
  return blocks;
}

async function hasCurl(): Promise<boolean> {
  try {
    await run("curl", ["--version"]);
    return true;
  } catch {
    return false;
  }
}

let upstream: MockUpstream;
let server: RunningServer;
let readme: string;

beforeAll(async () => {
  readme = await readFile(readmePath, "utf8");
  upstream = await createMockUpstream();
  upstream.on(
    "POST",
    wire.routes.stream?.path ?? /chat/,
    wire.streamReply?.({
      id: "chatcmpl-readme",
      model: "gpt-4o-mini",
      text: "Hello from the README",
      rawFinishReason: "stop",
      usage: { promptTokens: 3, completionTokens: 4, totalTokens: 7 },
    }) ?? wire.errorReply(500, "no stream"),
  );
  const config = resolveConfig(
    {
      server: { port: 0 },
      plugins: [path.join(here, "../plugins/named-openai")],
      providers: { settings: { openai: { baseURL: `${upstream.url}/v1` } } },
      network: { egress: { allow: ["127.0.0.1"] } },
      logging: { level: "silent" },
    },
    { env: {} },
  );
  server = await startServer({
    config,
    baseDir: here,
    env: {},
    installRoots: [],
    logger: createLogger({ level: "silent" }),
  });
});

afterAll(async () => {
  await server?.stop();
  await upstream?.close();
});

describe("the root README's snippets, run as written (only the port differs)", () => {
  it("starts with exactly the two commands", () => {
    const first = codeBlocks(readme, "sh")[0]?.trim().split("\n") ?? [];
    expect(first).toHaveLength(2);
    expect(first[0]).toMatch(/pnpm install && pnpm start$/);
    expect(first[1]).toMatch(/pnpm install && pnpm test$/);
  });

  it("the curl commands get health JSON and an OpenAI SSE stream ending in [DONE]", async (ctx) => {
    if (!(await hasCurl())) ctx.skip();
    const block = codeBlocks(readme, "sh").find((b) => b.includes("curl")) ?? "";
    expect(block).toContain(README_URL);
    const commands = block
      .replace(/\\\n\s*/g, " ")
      .trim()
      .split("\n");
    expect(commands).toHaveLength(2);
    const health = await run("sh", ["-c", (commands[0] ?? "").replaceAll(README_URL, server.url)]);
    expect(JSON.parse(health.stdout).providers[0]).toMatchObject({
      id: "openai",
      status: "unknown",
    });
    const chat = await run("sh", ["-c", (commands[1] ?? "").replaceAll(README_URL, server.url)]);
    const events = chat.stdout.split("\n\n").filter((e) => e.startsWith("data: "));
    expect(events.at(-1)).toBe("data: [DONE]");
    const text = events
      .slice(0, -1)
      .map((e) => JSON.parse(e.slice(6)).choices[0]?.delta?.content ?? "")
      .join("");
    expect(text).toBe("Hello from the README");
  });

  it("the openai client snippet streams the reply", async () => {
    const block = codeBlocks(readme, "ts").find((b) => b.includes('from "openai"')) ?? "";
    expect(block).toContain(README_URL);
    // Inside the package, so that `openai` resolves from its node_modules as it would in an app.
    const dir = path.join(packageDir, "node_modules", ".cache", `readme-snippet-${process.pid}`);
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, "snippet.mjs");
    try {
      await writeFile(file, block.replaceAll(README_URL, server.url));
      const out = await run(process.execPath, [file], { timeout: 15_000 });
      expect(out.stdout).toBe("Hello from the README");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
