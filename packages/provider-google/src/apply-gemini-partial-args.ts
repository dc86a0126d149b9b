import type { PartialArg } from "@google/genai";

type Container = Record<string, unknown> | unknown[];

/** Splits an RFC 9535 path such as `$.a.b[0]['c d']` into its keys. `undefined` when it is not one we can follow. */
export function parseJsonPath(path: string): Array<string | number> | undefined {
  if (!path.startsWith("$")) return undefined;
  const keys: Array<string | number> = [];
  const pattern =
    /\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\]/y;
  let at = 1;
  while (at < path.length) {
    pattern.lastIndex = at;
    const match = pattern.exec(path);
    if (!match) return undefined;
    if (match[1] !== undefined) keys.push(match[1]);
    else if (match[2] !== undefined) keys.push(Number(match[2]));
    else keys.push((match[3] ?? match[4] ?? "").replace(/\\(.)/g, "$1"));
    at = pattern.lastIndex;
  }
  return keys;
}

function partialValue(arg: PartialArg): { value: unknown } | undefined {
  if (arg.stringValue !== undefined) return { value: arg.stringValue };
  if (arg.numberValue !== undefined) return { value: arg.numberValue };
  if (arg.boolValue !== undefined) return { value: arg.boolValue };
  if (arg.nullValue !== undefined) return { value: null };
  return undefined;
}

/**
 * Applies streamed argument fragments (`functionCall.partialArgs`, sent when
 * `streamFunctionCallArguments` is on) to the arguments object being built.
 * A string whose previous fragment said `willContinue` is appended to; every
 * other value is set at its JSON path, creating the objects and arrays on the
 * way. `continuing` remembers the paths still being streamed. Fragments with
 * a path we cannot follow are skipped. Mutates `args`.
 */
export function applyGeminiPartialArgs(
  args: Record<string, unknown>,
  partialArgs: readonly PartialArg[] | undefined,
  continuing: Set<string>,
): void {
  for (const arg of partialArgs ?? []) {
    const path = arg.jsonPath ?? "";
    const keys = parseJsonPath(path);
    const found = partialValue(arg);
    if (!keys || keys.length === 0 || !found) continue;
    let container: Container = args;
    for (const [i, key] of keys.slice(0, -1).entries()) {
      const next = keys[i + 1];
      const existing = (container as Record<string | number, unknown>)[key];
      if (typeof existing === "object" && existing !== null) {
        container = existing as Container;
      } else {
        const created: Container = typeof next === "number" ? [] : {};
        (container as Record<string | number, unknown>)[key] = created;
        container = created;
      }
    }
    const last = keys[keys.length - 1] as string | number;
    const target = container as Record<string | number, unknown>;
    const previous = target[last];
    if (typeof found.value === "string" && continuing.has(path) && typeof previous === "string") {
      target[last] = previous + found.value;
    } else {
      target[last] = found.value;
    }
    if (arg.willContinue) continuing.add(path);
    else continuing.delete(path);
  }
}
