#!/usr/bin/env node
// Fenceline's command line. Runs the TypeScript sources directly: Node 23.6+ strips types itself;
// Node 22.12-23.5 needs --experimental-strip-types, so the launcher re-runs itself with it.
import { spawnSync } from "node:child_process";

if (!process.features.typescript) {
  const result = spawnSync(
    process.execPath,
    ["--experimental-strip-types", "--no-warnings", ...process.argv.slice(1)],
    { stdio: "inherit" },
  );
  process.exit(result.status ?? 1);
}
const { main } = await import("../src/cli/fenceline.ts");
process.exitCode = await main(process.argv.slice(2));
