/** `oaat --help`. */
export const MAIN_HELP = `oaat: the OSS AI Agent Tool gateway

Usage: oaat <command> [options]

Commands:
  serve            Start the gateway (OpenAI-compatible API on 127.0.0.1:4000 by default)
  providers        List discovered provider plugins with version, status and missing credentials
  chat "prompt"    Send one prompt and stream the reply to the terminal
  config check     Validate the config against the installed plugins
  hash-key         Print the sha256 hash of an API key for auth.apiKeys

Run "oaat <command> --help" for a command's options.

Exit codes: 0 ok, 1 failure, 2 bad usage, 3 invalid config.
`;

/** `oaat serve --help`. */
export const SERVE_HELP = `Usage: oaat serve [--config <file>] [--host <host>] [--port <port>]

Starts the gateway. Config comes from --config, then OAAT_CONFIG, then
./oaat.config.yaml; with none, defaults apply (127.0.0.1:4000, every installed
plugin whose credentials are present). OAAT_HOST and OAAT_PORT override the
file; flags override both. SIGTERM or SIGINT drain in-flight requests, then exit 0.

Options:
  -c, --config <file>   Config file (YAML or JSON)
      --host <host>     Address to bind (loopback only unless auth.apiKeys is set)
  -p, --port <port>     Port to listen on (0 picks a free port)
  -h, --help            Show this help
`;

/** `oaat providers --help`. */
export const PROVIDERS_HELP = `Usage: oaat providers [--config <file>] [--json]

Lists every provider plugin found (installed next to oaat, or named under
"plugins:" in the config): id, package, version, status, and what is missing.
Reads manifests only; imports no plugin code. Exits 1 if any plugin is broken.

Options:
  -c, --config <file>   Config file
      --json            Print JSON instead of a table
  -h, --help            Show this help
`;

/** `oaat chat --help`. */
export const CHAT_HELP = `Usage: oaat chat [-m <provider/model>] [--system <text>] [--no-stream] "prompt"

Sends one prompt through the gateway's routing (in this process; no server
needed) and streams the reply to stdout. Use "-" as the prompt to read stdin.

Options:
  -m, --model <model>   provider/model, an alias, or a bare model for the default provider
  -s, --system <text>   A system message
      --no-stream       Wait for the whole reply
  -c, --config <file>   Config file
  -h, --help            Show this help
`;

/** `oaat config check --help`. */
export const CONFIG_HELP = `Usage: oaat config check [--config <file>]

Validates the config file and each provider's settings against its plugin's
manifest schema. Prints every problem with its key path. Exits 3 when invalid.

Options:
  -c, --config <file>   Config file
  -h, --help            Show this help
`;

/** `oaat hash-key --help`. */
export const HASH_KEY_HELP = `Usage: oaat hash-key [<key> | -]

Prints "sha256:<hex>" for an API key, for auth.apiKeys[].hash. With "-" or no
argument, reads the key from stdin (so it stays out of shell history).
`;
