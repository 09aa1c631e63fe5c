import { defineConfig } from "vitest/config";

/** Tests that start their own PostgreSQL clusters and already compare both stores. */
const BOTH_STORES_ALREADY = ["hub/src/store/pg/**", "hub/src/cli/migrate-store.test.ts"];
/** Tests of what only the SQLite store has: its file, its migrations from older schemas, its CLI default. */
const SQLITE_ONLY = [
  "hub/src/store/migrations.test.ts",
  "hub/src/store/*migration*.test.ts",
  "hub/src/store/private-files.test.ts",
  "hub/src/store/bench-seed.test.ts",
  "hub/src/store/wal-checkpointer.test.ts",
  "hub/src/cli/hub-cli.test.ts",
];

/**
 * The hub's files share each worker's loaded modules (a fresh worker per file spent more time
 * importing than testing); the stores each file leaves open are closed after it.
 */
const HUB_FILES = {
  isolate: false,
  setupFiles: ["hub/src/testing/close-test-stores.ts"],
  sequence: { groupOrder: 0 },
};

export default defineConfig({
  test: {
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
    // One temporary folder for the run, removed at its end (see the file).
    globalSetup: ["test/support/temp-root-setup.ts"],
    projects: [
      // The agent's and the shared code's tests share each worker's loaded modules, as the hub's do;
      // the end-to-end tests get a fresh worker a file. Both after the hub's suites, so their
      // timing-bound waits do not share the cores with the PostgreSQL server.
      {
        extends: true,
        test: {
          name: "agent and shared",
          include: ["{agent,shared}/**/*.test.ts"],
          isolate: false,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: { name: "end to end", include: ["test/**/*.test.ts"], sequence: { groupOrder: 1 } },
      },
      // The hub's suite on its default store (SQLite).
      { extends: true, test: { name: "hub on sqlite", include: ["hub/**/*.test.ts"], ...HUB_FILES } },
      // The hub's suite again on a real PostgreSQL server: one throwaway cluster for the run
      // (initdb/pg_ctl on loopback), a database per test copied from a migrated template.
      {
        extends: true,
        test: {
          name: "hub on postgres",
          include: ["hub/**/*.test.ts"],
          exclude: ["**/node_modules/**", ...BOTH_STORES_ALREADY, ...SQLITE_ONLY],
          env: { FENCELINE_TEST_STORE: "postgres" },
          globalSetup: ["test/support/temp-root-setup.ts", "hub/src/testing/postgres-test-setup.ts"],
          ...HUB_FILES,
        },
      },
    ],
  },
});
