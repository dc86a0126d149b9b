import { LineCounter, parseDocument } from "yaml";
import { ConfigError } from "./config-error.js";

/**
 * Parses YAML (JSON is valid YAML) into plain data. An empty file is an empty
 * config. Syntax errors name the file, line and column.
 */
export function parseConfigText(text: string, source: string): unknown {
  // `linePos` is only filled in with `prettyErrors`, which also rewrites the
  // message; a LineCounter gives the position while keeping the message short.
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      doc.errors.map((e) => {
        const pos = e.linePos?.[0] ?? lineCounter.linePos(e.pos[0]);
        const at = pos ? `line ${pos.line}, column ${pos.col}: ` : "";
        return `${at}${e.message.split("\n")[0]}`;
      }),
      source,
    );
  }
  const data: unknown = doc.toJS();
  if (data === null || data === undefined) return {};
  if (typeof data !== "object" || Array.isArray(data)) {
    throw new ConfigError(["(root): expected a mapping of config keys"], source);
  }
  return data;
}
