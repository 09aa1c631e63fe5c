import { parseArgs } from "node:util";

/**
 * A command line of `--name value` options only, each given or not; an unknown option or a stray
 * argument is refused with parseArgs' own error (a usage error, exit code 2).
 */
export function stringOptions<Name extends string>(
  args: readonly string[],
  names: readonly Name[],
): Partial<Record<Name, string>> {
  const options = Object.fromEntries(names.map((name) => [name, { type: "string" as const }]));
  return parseArgs({ args: [...args], options, strict: true }).values as Partial<Record<Name, string>>;
}
