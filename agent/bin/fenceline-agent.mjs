#!/usr/bin/env node
// The Fenceline agent. Runs the TypeScript sources directly (see fenceline.mjs).
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
const { agentMain } = await import("../src/cli/agent-cli.ts");
const io = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t), stdin: () => process.stdin };
const code = await agentMain(process.argv.slice(2), io);
// A start that failed half-way may hold sockets open: leave now rather than linger.
if (code !== 0) process.exit(code);
