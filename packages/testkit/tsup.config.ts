import { defineConfig } from "tsup";

export default defineConfig({
  entry: { index: "src/index.ts", "reference-provider/index": "src/reference-provider/index.ts" },
  external: ["vitest"],
  format: ["esm"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "node20",
  platform: "node",
});
