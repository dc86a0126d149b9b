// CPU cost per call of the openai SDK through three transports, measured side
// by side in one run against a loopback upstream in another process:
//   global fetch · core's egress fetch (undici dispatcher + keep-alive Agent) · bare undici.request
// Rounds alternate between transports; we report the median of per-round
// CPU µs/call, because shared machines are noisy.
import { fork } from "node:child_process";
import { Readable } from "node:stream";
import { createEgressFetch, createEgressPolicy } from "@oss-ai-agent-tool/core";
import OpenAI from "openai";
import { Agent, request } from "undici";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const CALLS = Number(process.env.BENCH_CALLS ?? 400);

const upstream = fork(new URL("./mock-openai-upstream.mjs", import.meta.url));
const { port } = await new Promise((resolve) => upstream.once("message", resolve));
const baseURL = `http://127.0.0.1:${port}/v1`;

const egressFetch = createEgressFetch(
  createEgressPolicy({ mode: "enforce", allow: ["127.0.0.1"] }),
  "bench",
);
const agent = new Agent({ keepAliveTimeout: 60_000 });
const params = { model: "bench-model", messages: [{ role: "user", content: "Hi" }] };

// The smallest fetch an SDK accepts on top of undici.request: no policy, no
// redirects, body through Readable.toWeb. The floor our egress fetch is held to.
async function minimalUndiciFetch(input, init = {}) {
  const res = await request(String(input), {
    method: init.method ?? "GET",
    headers: init.headers instanceof Headers ? Object.fromEntries(init.headers) : init.headers,
    body: init.body ?? null,
    signal: init.signal ?? null,
    dispatcher: agent,
  });
  const headers = new Headers();
  for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers.set(k, String(v));
  return new Response(Readable.toWeb(res.body), { status: res.statusCode, headers });
}

const transports = {
  "openai SDK + global fetch": new OpenAI({ apiKey: "bench", baseURL, maxRetries: 0 }),
  "openai SDK + minimal undici fetch": new OpenAI({
    apiKey: "bench",
    baseURL,
    maxRetries: 0,
    fetch: minimalUndiciFetch,
  }),
  "openai SDK + egress fetch": new OpenAI({
    apiKey: "bench",
    baseURL,
    maxRetries: 0,
    fetch: egressFetch,
  }),
};

async function runSdk(client) {
  for (let i = 0; i < CALLS; i++) await client.chat.completions.create(params);
}

async function runUndici() {
  const payload = JSON.stringify(params);
  for (let i = 0; i < CALLS; i++) {
    const res = await request(`${baseURL}/chat/completions`, {
      method: "POST",
      dispatcher: agent,
      headers: { "content-type": "application/json", authorization: "Bearer bench" },
      body: payload,
    });
    await res.body.json();
  }
}

const runners = {
  ...Object.fromEntries(
    Object.entries(transports).map(([name, client]) => [name, () => runSdk(client)]),
  ),
  "undici.request alone": runUndici,
};

function cpuMicros() {
  const { user, system } = process.cpuUsage();
  return user + system;
}

const samples = Object.fromEntries(Object.keys(runners).map((name) => [name, []]));
try {
  for (const run of Object.values(runners)) await run(); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, run] of Object.entries(runners)) {
      const before = cpuMicros();
      await run();
      samples[name].push((cpuMicros() - before) / CALLS);
    }
  }
} finally {
  upstream.disconnect();
  await egressFetch.close();
  await agent.close();
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const results = Object.fromEntries(
  Object.entries(samples).map(([name, values]) => [name, median(values)]),
);
const base = results["openai SDK + global fetch"];
console.log(`CPU per call, median of ${ROUNDS} rounds × ${CALLS} calls (node ${process.version}):`);
for (const [name, us] of Object.entries(results)) {
  console.log(
    `  ${name.padEnd(36)} ${us.toFixed(0).padStart(5)} µs   ${(us / base).toFixed(2)}× global fetch`,
  );
}
console.log(
  JSON.stringify({
    bench: "egress-fetch",
    rounds: ROUNDS,
    callsPerRound: CALLS,
    cpuMicrosPerCall: Object.fromEntries(
      Object.entries(results).map(([k, v]) => [k, Math.round(v)]),
    ),
  }),
);
