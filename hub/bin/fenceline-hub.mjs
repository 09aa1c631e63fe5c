#!/usr/bin/env node
// The Fenceline hub. Runs the TypeScript sources directly (Node 23.6+, or 22.12+ re-run with the flag).
import { spawnSync } from "node:child_process";

if (!process.features.typescript) {
  const result = spawnSync(
    process.execPath,
    ["--experimental-strip-types", "--no-warnings", ...process.argv.slice(1)],
    {
      stdio: "inherit",
    },
  );
  process.exit(result.status ?? 1);
}
const { hubMain } = await import("../src/cli/hub-cli.ts");
const code = await hubMain(process.argv.slice(2), {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
});
// A start that failed half-way may hold timers and sockets open: leave now rather than linger.
if (code !== 0) process.exit(code);
