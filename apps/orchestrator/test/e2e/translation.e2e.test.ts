import type { MockUpstream } from "@oss-ai-agent-tool/testkit";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../src/server/start-server.js";
import {
  envOf,
  REAL_PROVIDERS,
  scenario,
  startRealGateway,
  startUpstreams,
} from "../support/real-providers.js";

// One tool-calling conversation, sent through the gateway to every provider
// package in the repository: a user turn, the assistant's tool call, the tool
// result and the final answer. Each upstream must receive it in its own wire
// format with the tool's name and arguments intact: arguments lost or mangled
// between formats is the failure users report most.

const ARGUMENTS = { city: "Zürich", unit: "c", days: 3, hourly: false, tags: ["rain", "wind"] };
const TOOL_RESULT = '{"temp":4,"sky":"雨"}';

const conversation: OpenAI.Chat.Completions.ChatCompletionMessageParam[] = [
  { role: "system", content: "You are terse." },
  { role: "user", content: "What is the weather in Zürich?" },
  {
    role: "assistant",
    content: null,
    tool_calls: [
      {
        id: "call_weather_1",
        type: "function",
        function: { name: "get_weather", arguments: JSON.stringify(ARGUMENTS) },
      },
    ],
  },
  { role: "tool", tool_call_id: "call_weather_1", content: TOOL_RESULT },
];

const tools: OpenAI.Chat.Completions.ChatCompletionTool[] = [
  {
    type: "function",
    function: {
      name: "get_weather",
      description: "Weather for a city",
      parameters: {
        type: "object",
        properties: {
          city: { type: "string" },
          unit: { type: "string", enum: ["c", "f"] },
          days: { type: "integer" },
          hourly: { type: "boolean" },
          tags: { type: "array", items: { type: "string" } },
        },
        required: ["city"],
        additionalProperties: false,
      },
    },
  },
];

let upstreams: Map<string, MockUpstream>;
let server: RunningServer;
let client: OpenAI;

beforeAll(async () => {
  upstreams = await startUpstreams(REAL_PROVIDERS);
  for (const p of REAL_PROVIDERS) {
    const { chat } = p.wire.routes;
    upstreams
      .get(p.id)
      ?.on(chat.method, chat.path, p.wire.chatReply(scenario(p, "4 °C and rain.")));
  }
  server = await startRealGateway(REAL_PROVIDERS, upstreams, envOf(REAL_PROVIDERS), true);
  client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: "unused", maxRetries: 0 });
});

afterAll(async () => {
  await server?.stop();
  await Promise.all([...(upstreams?.values() ?? [])].map((u) => u.close()));
});

describe("one tool-calling conversation through every provider package", () => {
  it.each(REAL_PROVIDERS.map((p) => [p.id, p] as const))(
    "%s receives the tool call, its arguments and the result intact, in its own format",
    async (_id, p) => {
      const res = await client.chat.completions.create({
        model: `${p.id}/${p.model}`,
        messages: conversation,
        tools,
      });
      expect(res.choices[0]?.message.content).toBe("4 °C and rain.");

      const request = upstreams.get(p.id)?.requests.find((r) => r.method === "POST");
      expect(request, `${p.id}'s upstream received no request`).toBeDefined();
      if (!request) return;
      const seen = p.readConversation(request);
      expect(seen.toolNames).toEqual(["get_weather"]);
      expect(seen.toolCalls).toHaveLength(1);
      expect(seen.toolCalls[0]?.name).toBe("get_weather");
      expect(seen.toolCalls[0]?.args).toEqual(ARGUMENTS);
      expect(seen.toolResults).toHaveLength(1);
      expect(JSON.parse(seen.toolResults[0]?.content ?? "null")).toEqual(JSON.parse(TOOL_RESULT));
      // The result must point back at its call: by id where the format has one, else by name.
      const ref = seen.toolResults[0]?.ref;
      expect([seen.toolCalls[0]?.id, "get_weather"]).toContain(ref);
    },
  );
});
