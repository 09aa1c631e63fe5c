import { parseArgs } from "node:util";
import { pino } from "pino";
import { startAgent } from "../agent.ts";
import { ConfigError, loadConfig, validateConfig } from "../config/load-config.ts";
import type { CommandIo } from "./command-io.ts";
import { enrolCommand } from "./enrol-command.ts";
import { listsUpdateCommand } from "./lists-update-command.ts";

const USAGE = `usage:
  fenceline-agent start --config <file> [--listen <addr:port>]... [--upstream <url>]... [--snapshot <file>] [--http <addr:port>]
  fenceline-agent enrol --hub <url> --token <enrolment token> --name <agent name> --credential-file <file>
  fenceline-agent lists update --config <file>
`;

/** `fenceline-agent start`: the DNS resolver, until SIGINT or SIGTERM; SIGHUP reloads the lists. */
export async function agentMain(argv: string[], io: CommandIo): Promise<number> {
  const [command, ...args] = argv;
  if (command === "enrol") return enrolCommand(args, io);
  if (command === "lists" && args[0] === "update") return listsUpdateCommand(args.slice(1), io);
  if (command !== "start") {
    io.err(USAGE);
    return 2;
  }
  const { values } = parseArgs({
    args,
    options: {
      config: { type: "string" },
      listen: { type: "string", multiple: true },
      upstream: { type: "string", multiple: true },
      snapshot: { type: "string" },
      http: { type: "string" },
    },
    strict: true,
  });
  if (!values.config) {
    io.err(`fenceline-agent start: --config <file> is required\n${USAGE}`);
    return 2;
  }
  let config: Awaited<ReturnType<typeof loadConfig>>;
  try {
    const base = await loadConfig(values.config);
    config = validateConfig(
      {
        ...base,
        ...(values.listen ? { listen: values.listen } : {}),
        ...(values.upstream ? { upstreams: values.upstream } : {}),
        ...(values.snapshot ? { snapshot: values.snapshot } : {}),
        ...(values.http ? { http: values.http } : {}),
      },
      values.config,
    );
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
  const log = pino({ level: config.logLevel, base: { service: "fenceline-agent" } });
  log.info({ config }, "effective configuration");
  const agent = await startAgent(config, log);
  await new Promise<void>((resolve) => {
    process.on("SIGHUP", () => agent.reloadLists());
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
  await agent.stop();
  return 0;
}
