import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["{agent,hub,shared,test}/**/*.test.ts"],
    exclude: ["**/node_modules/**", ".toolchain/**"],
    testTimeout: 30_000,
    // Most end-to-end files spend their time waiting on sockets, timers and child processes, not
    // on the CPU: four workers on a two-core machine keep both cores busy (about 4.5 minutes
    // instead of 9.5). FENCELINE_TEST_WORKERS overrides it.
    maxWorkers: Number(process.env.FENCELINE_TEST_WORKERS ?? 4),
    // CI asks for a JSON summary beside the usual report.
    reporters: process.env.FENCELINE_TEST_REPORT ? ["default", "json"] : ["default"],
    outputFile: process.env.FENCELINE_TEST_REPORT ? { json: process.env.FENCELINE_TEST_REPORT } : undefined,
    hookTimeout: 60_000,
  },
});
