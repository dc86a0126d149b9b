import { normalizeProviderError } from "@oss-ai-agent-tool/core";
import { resolveModelTargets } from "../../routing/resolve-model-targets.js";
import type { RouteTarget } from "../../routing/route-target.js";
import { type CliIO, UsageError } from "../cli-io.js";
import { EXIT_CODES, type ExitCode } from "../exit-codes.js";
import { CHAT_HELP } from "../help-texts.js";
import { parseCommandArgs, stringOption } from "../parse-command-args.js";
import { openGateway } from "./open-gateway.js";
import { readStdin } from "./read-stdin.js";

/**
 * `oaat chat`: one prompt through the gateway's routing, in this process,
 * streamed to stdout. Ctrl-C aborts the upstream call.
 */
export async function chatCommand(args: string[], io: CliIO): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs(
    args,
    {
      model: { type: "string", short: "m" },
      system: { type: "string", short: "s" },
      "no-stream": { type: "boolean" },
      config: { type: "string", short: "c" },
    },
    "chat",
  );
  if (values.help) {
    io.stdout.write(CHAT_HELP);
    return EXIT_CODES.ok;
  }
  if (positionals.length !== 1)
    throw new UsageError('chat: expected one prompt, e.g. oaat chat "Hello"');
  const prompt = positionals[0] === "-" ? await readStdin(io.stdin) : (positionals[0] as string);
  if (prompt.trim() === "") throw new UsageError("chat: the prompt is empty");

  const model = stringOption(values.model);
  const system = stringOption(values.system);
  const gateway = await openGateway(stringOption(values.config), io);
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once("SIGINT", onSigint);
  try {
    let targets: RouteTarget[];
    if (model !== undefined) {
      targets = resolveModelTargets(model, gateway.routing);
    } else {
      const provider = gateway.routing.defaultProvider();
      if (provider === undefined) {
        io.stderr.write("oaat chat: no provider is enabled; run `oaat providers` to see why\n");
        return EXIT_CODES.failure;
      }
      targets = [{ provider }];
    }
    const messages = [
      ...(system !== undefined ? [{ role: "system" as const, content: system }] : []),
      { role: "user" as const, content: prompt },
    ];
    const ctx = {
      signal: controller.signal,
      deadline: Date.now() + gateway.config.routing.deadlineMs,
      requestId: `cli-${process.pid}-${Date.now()}`,
    };
    let usage = "";
    let answeredBy = "";
    if (values["no-stream"]) {
      const routed = await gateway.router.chat(targets, { messages }, ctx);
      io.stdout.write(routed.value.output);
      answeredBy = `${routed.target.provider}/${routed.value.model}`;
      if (routed.value.usage)
        usage = `${routed.value.usage.promptTokens}+${routed.value.usage.completionTokens} tokens`;
    } else {
      const routed = await gateway.router.stream(targets, { messages }, ctx);
      answeredBy = routed.target.provider;
      for await (const event of routed.events) {
        if (event.type === "text-delta") io.stdout.write(event.delta);
        else if (event.type === "usage")
          usage = `${event.usage.promptTokens}+${event.usage.completionTokens} tokens`;
        else if (event.type === "finish" && event.model)
          answeredBy = `${routed.target.provider}/${event.model}`;
      }
    }
    io.stdout.write("\n");
    io.stderr.write(`[${[answeredBy, usage].filter(Boolean).join(" · ")}]\n`);
    return EXIT_CODES.ok;
  } catch (err) {
    const e = normalizeProviderError("gateway", err);
    io.stderr.write(`\noaat chat: ${e.message}${e.status ? ` (status ${e.status})` : ""}\n`);
    return EXIT_CODES.failure;
  } finally {
    process.off("SIGINT", onSigint);
    await gateway.close();
  }
}
