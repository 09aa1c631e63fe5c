import { agentMain } from "./agent-cli.ts";

/** Process entry of `fenceline-agent`, bundled to dist/ by `pnpm build` so it starts without type stripping. */
const io = {
  out: (text: string) => process.stdout.write(text),
  err: (text: string) => process.stderr.write(text),
  stdin: () => process.stdin,
};
process.exitCode = await agentMain(process.argv.slice(2), io);
