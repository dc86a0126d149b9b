import { OLLAMA_DEFAULT_HOST, OLLAMA_HOST_ENV } from "./ollama-constants.js";

const DEFAULT_PORT = "11434";

function fail(raw: string, why: string): never {
  throw new Error(`${OLLAMA_HOST_ENV}="${raw}" is not a usable Ollama address: ${why}`);
}

function splitHostPort(hostport: string, raw: string): { host: string; port: string | undefined } {
  if (hostport.startsWith("[")) {
    const close = hostport.indexOf("]");
    if (close === -1) fail(raw, "an IPv6 address lacks its closing ]");
    const after = hostport.slice(close + 1);
    if (after !== "" && !after.startsWith(":")) fail(raw, "expected :port after ]");
    return { host: hostport.slice(1, close), port: after === "" ? undefined : after.slice(1) };
  }
  // More than one colon and no brackets: a bare IPv6 address such as `::1`, without a port.
  if (hostport.indexOf(":") !== hostport.lastIndexOf(":"))
    return { host: hostport, port: undefined };
  const colon = hostport.lastIndexOf(":");
  if (colon === -1) return { host: hostport, port: undefined };
  return { host: hostport.slice(0, colon), port: hostport.slice(colon + 1) };
}

/**
 * Turns an `OLLAMA_HOST` value into a base URL the way the Ollama CLI reads
 * it: the scheme defaults to `http`; the port to 11434 without a scheme and
 * to 80/443 with one; an empty host (`:11434`) means 127.0.0.1; a path is
 * kept (a proxy prefix). Unlike the CLI, the unspecified addresses `0.0.0.0`
 * and `::` become the loopback address: they are what a server listens on,
 * not a destination every platform can connect to, and the provider's
 * default egress entries name the loopback. Pure.
 *
 * @example normalizeOllamaHost("0.0.0.0") // "http://127.0.0.1:11434"
 * @throws {Error} for another scheme or a port outside 1-65535, naming `OLLAMA_HOST`.
 */
export function normalizeOllamaHost(raw: string): string {
  const value = raw
    .trim()
    .replace(/^["']+|["']+$/g, "")
    .trim();
  if (value === "") return OLLAMA_DEFAULT_HOST;
  let scheme = "http";
  let defaultPort = DEFAULT_PORT;
  let rest = value;
  const separator = value.indexOf("://");
  if (separator !== -1) {
    scheme = value.slice(0, separator).toLowerCase();
    if (scheme !== "http" && scheme !== "https") fail(raw, "the scheme must be http or https");
    defaultPort = scheme === "https" ? "443" : "80";
    rest = value.slice(separator + 3);
  }
  const slash = rest.indexOf("/");
  const hostport = slash === -1 ? rest : rest.slice(0, slash);
  const path = slash === -1 ? "" : rest.slice(slash).replace(/\/+$/, "");
  const split = splitHostPort(hostport, raw);
  let host = split.host.toLowerCase();
  const port = split.port === undefined || split.port === "" ? defaultPort : split.port;
  if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
    fail(raw, "the port must be a number between 1 and 65535");
  }
  if (host === "" || host === "0.0.0.0") host = "127.0.0.1";
  if (host === "::" || host === "0:0:0:0:0:0:0:0") host = "::1";
  const hostForUrl = host.includes(":") ? `[${host}]` : host;
  const url = `${scheme}://${hostForUrl}:${port}${path}`;
  try {
    new URL(url);
  } catch {
    fail(raw, "it does not form a valid URL");
  }
  return url;
}

/**
 * The Ollama base URL: `settings.baseURL` when set (a full http(s) URL, as
 * validated), else `OLLAMA_HOST` normalized by {@link normalizeOllamaHost},
 * else `http://127.0.0.1:11434`. Trailing slashes are dropped, because the
 * SDK appends `/api/...`.
 */
export function resolveOllamaHost(
  baseURL: string | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  if (baseURL !== undefined && baseURL.trim() !== "") return baseURL.trim().replace(/\/+$/, "");
  const fromEnv = env[OLLAMA_HOST_ENV];
  return fromEnv === undefined ? OLLAMA_DEFAULT_HOST : normalizeOllamaHost(fromEnv);
}
