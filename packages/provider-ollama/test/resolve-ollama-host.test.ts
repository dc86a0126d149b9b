import { describe, expect, it } from "vitest";
import { normalizeOllamaHost, resolveOllamaHost } from "../src/resolve-ollama-host.js";

describe("normalizeOllamaHost", () => {
  it.each([
    ["127.0.0.1:11434", "http://127.0.0.1:11434"],
    ["127.0.0.1", "http://127.0.0.1:11434"],
    ["localhost", "http://localhost:11434"],
    ["gpu-box.lan:8080", "http://gpu-box.lan:8080"],
    ["GPU-Box.LAN", "http://gpu-box.lan:11434"],
    [":11500", "http://127.0.0.1:11500"],
    ["0.0.0.0", "http://127.0.0.1:11434"],
    ["0.0.0.0:11434", "http://127.0.0.1:11434"],
    ["[::]:11434", "http://[::1]:11434"],
    ["::", "http://[::1]:11434"],
    ["::1", "http://[::1]:11434"],
    ["[::1]", "http://[::1]:11434"],
    ["[fd00::5]:9000", "http://[fd00::5]:9000"],
    ["http://example.com", "http://example.com:80"],
    ["https://example.com", "https://example.com:443"],
    ["HTTPS://example.com:8443/", "https://example.com:8443"],
    ["https://proxy.example.com/ollama/", "https://proxy.example.com:443/ollama"],
    ["http://0.0.0.0:11434", "http://127.0.0.1:11434"],
    ['  "127.0.0.1:11434"  ', "http://127.0.0.1:11434"],
    ["'localhost:1'", "http://localhost:1"],
    ["", "http://127.0.0.1:11434"],
    ["   ", "http://127.0.0.1:11434"],
  ])("reads %j as %s", (raw, expected) => {
    expect(normalizeOllamaHost(raw)).toBe(expected);
  });

  it.each([
    ["ftp://example.com", /scheme/],
    ["example.com:99999", /port/],
    ["example.com:0", /port/],
    ["example.com:http", /port/],
    ["[::1", /closing/],
    ["[::1]x", /:port/],
    ["bad host:1", /valid URL/],
  ])("refuses %j, naming OLLAMA_HOST", (raw, why) => {
    expect(() => normalizeOllamaHost(raw)).toThrow(/OLLAMA_HOST/);
    expect(() => normalizeOllamaHost(raw)).toThrow(why);
  });
});

describe("resolveOllamaHost", () => {
  it("prefers settings.baseURL, dropping trailing slashes", () => {
    expect(resolveOllamaHost("http://10.0.0.5:11434/", { OLLAMA_HOST: "elsewhere" })).toBe(
      "http://10.0.0.5:11434",
    );
  });

  it("falls back to OLLAMA_HOST, normalized", () => {
    expect(resolveOllamaHost(undefined, { OLLAMA_HOST: "0.0.0.0" })).toBe("http://127.0.0.1:11434");
    expect(resolveOllamaHost("  ", { OLLAMA_HOST: "box:1234" })).toBe("http://box:1234");
  });

  it("defaults to the local Ollama", () => {
    expect(resolveOllamaHost(undefined, {})).toBe("http://127.0.0.1:11434");
  });
});
