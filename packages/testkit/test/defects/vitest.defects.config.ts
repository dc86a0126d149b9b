import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/defects/*.defect.ts"],
    testTimeout: 5_000,
  },
});
