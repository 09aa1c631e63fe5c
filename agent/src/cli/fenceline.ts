import { runCheck } from "./check-command.ts";
import type { CommandIo } from "./command-io.ts";
import { runListsCompile } from "./lists-compile-command.ts";
import { isUsageError } from "./usage-error.ts";

const USAGE = `usage: fenceline <command> [options]

commands:
  lists compile --manifest <file> [--mirror <dir>] --out <snapshot> [--skip-missing] [--taxonomy <file>]
                [--empty-if-unavailable]
      Build a list snapshot from the manifest's sources (downloaded, or read from a mirror folder).
      --empty-if-unavailable: when they cannot be had, keep the snapshot already at --out, or write
      one holding no lists, so that an agent starts on its built-in rules; exits 0.
  check [--snapshot <file>] [--json] [--stdin] <name>...
      Show, for each name, the categories and rules it matches and whether each default group blocks it.
`;

/** Runs one command line; returns the process exit code (0 ok, 1 failed, 2 usage). */
export async function main(argv: string[], io: CommandIo = processIo()): Promise<number> {
  const [first, second, ...rest] = argv;
  try {
    if (first === "lists" && second === "compile") return await runListsCompile(rest, io);
    if (first === "check") return await runCheck(argv.slice(1), io);
    if (first === "help" || first === "--help" || first === "-h" || first === undefined) {
      io.out(USAGE);
      return first === undefined ? 2 : 0;
    }
    io.err(`fenceline: unknown command "${argv.join(" ")}"\n\n${USAGE}`);
    return 2;
  } catch (error) {
    if (isUsageError(error)) {
      io.err(`fenceline: ${(error as Error).message}\n\n${USAGE}`);
      return 2;
    }
    io.err(`fenceline: ${(error as Error).message}\n`);
    return 1;
  }
}

function processIo(): CommandIo {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    stdin: () => process.stdin,
  };
}
