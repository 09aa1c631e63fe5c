import { agentMain } from "./agent-cli.ts";

/** Process entry of `fenceline-agent`, bundled to dist/ by `pnpm build` so it starts without type stripping. */
const io = {
  out: (text: string) => process.stdout.write(text),
  err: (text: string) => process.stderr.write(text),
  stdin: () => process.stdin,
};
const code = await agentMain(process.argv.slice(2), io);
// A start that failed half-way may hold sockets open: leave now rather than linger.
if (code !== 0) process.exit(code);
