import { parseArgs } from "node:util";
import { pino } from "pino";
import { type RunningAgent, startAgent } from "../agent.ts";
import { ConfigError, loadConfig, validateConfig } from "../config/load-config.ts";
import type { CommandIo } from "./command-io.ts";
import { enrolCommand } from "./enrol-command.ts";
import { listsUpdateCommand } from "./lists-update-command.ts";
import { isUsageError } from "./usage-error.ts";

const USAGE = `usage:
  fenceline-agent start --config <file> [--listen <addr:port>]... [--upstream <url>]... [--snapshot <file>] [--http <addr:port>]
  fenceline-agent enrol --hub <url> --token <enrolment token> --name <agent name> --credential-file <file>
  fenceline-agent lists update --config <file>
`;

/**
 * `fenceline-agent <command>`; returns the exit code: 0 done, 1 failed (a one-line reason on
 * standard error, never a stack trace), 2 a bad command line.
 */
export async function agentMain(argv: string[], io: CommandIo): Promise<number> {
  const [command, ...args] = argv;
  try {
    if (command === "enrol") return await enrolCommand(args, io);
    if (command === "lists" && args[0] === "update") return await listsUpdateCommand(args.slice(1), io);
    if (command === "start") return await startCommand(args, io);
    io.err(USAGE);
    return 2;
  } catch (error) {
    if (isUsageError(error)) {
      io.err(`fenceline-agent: ${(error as Error).message}\n${USAGE}`);
      return 2;
    }
    io.err(`fenceline-agent: ${(error as Error).message}\n`);
    return 1;
  }
}

/** `fenceline-agent start`: the DNS resolver, until SIGINT or SIGTERM; SIGHUP reloads the lists. */
async function startCommand(args: string[], io: CommandIo): Promise<number> {
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
  const log = pino({
    level: config.logLevel,
    base: { service: "fenceline-agent" },
    // RADIUS shared secrets written in the config itself never reach the log.
    redact: ["config.identity.radius.clients[*].secret"],
  });
  // SIGHUP is taken before the agent logs its configuration and starts: a signal with no handler
  // ends the process, so a SIGHUP sent as the agent said it had started (a list update, a log
  // rotation) killed it when it came before the handler was in place. One that comes while
  // starting reloads once started. SIGINT and SIGTERM still end a start that hangs.
  let agent: RunningAgent | undefined;
  let reloadWhenStarted = false;
  const reload = () => {
    if (agent) agent.reloadLists();
    else reloadWhenStarted = true;
  };
  process.on("SIGHUP", reload);
  log.info({ config }, "effective configuration");
  try {
    agent = await startAgent(config, log);
  } catch (error) {
    process.off("SIGHUP", reload);
    log.fatal({ err: error }, "agent cannot start");
    throw new Error(`cannot start: ${(error as Error).message}`);
  }
  if (reloadWhenStarted) agent.reloadLists();
  await new Promise<void>((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
  await agent.stop();
  return 0;
}
