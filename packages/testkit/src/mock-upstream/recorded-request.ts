/**
 * Builds {@link RecordedRequest} values from incoming HTTP/1.1 and HTTP/2 requests. Internal.
 *
 * @module
 */
import type { IncomingHttpHeaders } from "node:http";
import type { RecordedRequest } from "./types.js";

/** Splits a request target into path and query (last value wins for repeated names). */
export function splitTarget(target: string): { path: string; query: Record<string, string> } {
  const index = target.indexOf("?");
  const path = index === -1 ? target : target.slice(0, index);
  const query: Record<string, string> = {};
  if (index !== -1)
    for (const [name, value] of new URLSearchParams(target.slice(index + 1))) query[name] = value;
  return { path: path === "" ? "/" : path, query };
}

/** Lower-cased, joined headers without HTTP/2 pseudo-headers (`:authority` becomes `host`). */
export function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const joined = Array.isArray(value) ? value.join(", ") : String(value);
    if (name === ":authority") {
      out.host ??= joined;
      continue;
    }
    if (name.startsWith(":")) continue;
    out[name.toLowerCase()] = joined;
  }
  return out;
}

/** Creates an immutable recorded request. */
export function recordRequest(input: {
  method: string;
  target: string;
  headers: IncomingHttpHeaders;
  httpVersion: string;
  body: Uint8Array;
}): RecordedRequest {
  const { path, query } = splitTarget(input.target);
  const body = new TextDecoder().decode(input.body);
  const method = input.method.toUpperCase();
  return Object.freeze({
    method,
    path,
    query: Object.freeze(query),
    headers: Object.freeze(flattenHeaders(input.headers)),
    httpVersion: input.httpVersion,
    body,
    bodyBytes: input.body,
    json(): unknown {
      try {
        return JSON.parse(body) as unknown;
      } catch (error) {
        throw new Error(
          `request ${method} ${path}: body is not JSON (${(error as Error).message}): ${body.slice(0, 200)}`,
        );
      }
    },
  });
}
