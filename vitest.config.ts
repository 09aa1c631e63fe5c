import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["{agent,hub,shared,test}/**/*.test.ts"],
    exclude: ["**/node_modules/**", ".toolchain/**"],
    testTimeout: 30_000,
    // CI asks for a JSON summary beside the usual report.
    reporters: process.env.FENCELINE_TEST_REPORT ? ["default", "json"] : ["default"],
    outputFile: process.env.FENCELINE_TEST_REPORT ? { json: process.env.FENCELINE_TEST_REPORT } : undefined,
    hookTimeout: 60_000,
  },
});
