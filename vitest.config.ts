import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["{agent,hub,shared,test}/**/*.test.ts"],
    exclude: ["**/node_modules/**", ".toolchain/**"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
